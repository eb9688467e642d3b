// Where a point of the video's picture (its frame, normalised 0..1) is on the screen, and back. A
// video with object-fit: contain draws its frame letterboxed inside its element's box, and the
// contractor's own view of the front camera is mirrored: the inspector's mark must land on the same
// object in both pictures, so both pages map through the frame, never through the element's box.
// Pure functions, no DOM: boxes are {left, top, width, height} (a DOMRect will do).

/** The part of the box the frame is drawn in (object-fit: contain), in the box's coordinates. */
export function frameRect(box, videoWidth, videoHeight) {
  if (!(videoWidth > 0 && videoHeight > 0 && box.width > 0 && box.height > 0)) {
    return null;
  }
  const scale = Math.min(box.width / videoWidth, box.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height };
}

/**
 * The frame point [x, y] (0..1) under the screen point, or null when it is in the black bars (or the
 * video has no frame yet). mirrored: the element is drawn flipped (transform: scaleX(-1)).
 */
export function toFrame(clientX, clientY, box, videoWidth, videoHeight, mirrored = false) {
  const f = frameRect(box, videoWidth, videoHeight);
  if (!f) {
    return null;
  }
  let x = (clientX - f.left) / f.width;
  const y = (clientY - f.top) / f.height;
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
    return null;
  }
  if (mirrored) {
    x = 1 - x;
  }
  return [round(x), round(y)];
}

/** The screen point {x, y} of a frame point [x, y], or null without a frame. */
export function fromFrame(point, box, videoWidth, videoHeight, mirrored = false) {
  const f = frameRect(box, videoWidth, videoHeight);
  if (!f) {
    return null;
  }
  const x = mirrored ? 1 - point[0] : point[0];
  return { x: f.left + x * f.width, y: f.top + point[1] * f.height };
}

/** A frame point moved by dx, dy and kept inside the frame (the keyboard's cursor). */
export function nudge(point, dx, dy) {
  return [round(clamp(point[0] + dx)), round(clamp(point[1] + dy))];
}

/**
 * At most max points of a freehand line, evenly picked along it; the first and the last are kept, so
 * the line still starts and ends where it was drawn.
 */
export function decimate(points, max = 500) {
  if (points.length <= max) {
    return points.slice();
  }
  const out = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) {
    out.push(points[Math.round(i * step)]);
  }
  return out;
}

function clamp(v) {
  return Math.min(1, Math.max(0, v));
}

/** Four decimals: a tenth of a pixel on a 4K frame, and short messages. */
function round(v) {
  return Math.round(v * 10000) / 10000;
}
