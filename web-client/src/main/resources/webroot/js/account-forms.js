// What the account pages share: the server's password rule, a generated password to hand over,
// and errors shown next to the field they are about.
import { setText, clearText } from './i18n.js';
import { $ } from './dom.js';

/** The server's minimum (scheduling's PasswordHasher.MIN_PASSWORD_LENGTH), counted in characters. */
export const MIN_PASSWORD_LENGTH = 10;

/** Without look-alikes (0/O, 1/l/I): the password is read off a screen and typed in by someone else. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Sixteen random characters from 56 (about 93 bits) in groups of four: abcd-EFGH-jk23-mnPQ. */
export function generatePassword() {
  const chars = [];
  const limit = 256 - (256 % ALPHABET.length); // rejection keeps every character equally likely
  while (chars.length < 16) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      if (b < limit && chars.length < 16) {
        chars.push(ALPHABET[b % ALPHABET.length]);
      }
    }
  }
  return chars.join('').match(/.{4}/g).join('-');
}

/** Characters as the server counts them (code points, so an emoji is one). */
export const lengthOf = s => [...s].length;

/** Shows an i18n message under the field (its element is #<field id>-error) and marks the field invalid. */
export function fieldError(input, key, args) {
  setText($('#' + input.id + '-error'), key, args);
  input.setAttribute('aria-invalid', 'true');
}

export function clearFieldErrors(form) {
  form.querySelectorAll('.field-error').forEach(clearText);
  form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
}

/** Focuses the first field marked invalid; true when there was one. */
export function focusFirstInvalid(form) {
  const first = form.querySelector('[aria-invalid="true"]');
  first?.focus();
  return !!first;
}

/** The field a validation-failed message from the server is about, by the field name it names. */
export function fieldOfServerMessage(message, fields) {
  for (const [name, input] of Object.entries(fields)) {
    if (new RegExp('\\b' + name + '\\b', 'i').test(message || '')) {
      return input;
    }
  }
  return null;
}
