// A classic script before the page's module: a page whose module cannot be loaded (a network error,
// a script blocked by a proxy or a security setting, a browser too old for its syntax) or does not
// arrive within 20 s would otherwise show 読み込み中… for ever. It shows instead what happened and a
// 再読み込み button. The module says it runs with markStarted() (dom.js); when that comes after the
// message (a very slow network), the loading text comes back and the page goes on. Written without
// let, arrows or template strings, and in both languages, since the translations are a module.
(function () {
  // a browser test shortens the wait (set before the page's scripts run), so as not to sit out 20 s
  var TIMEOUT_MS = window.__rinjoLoadTimeoutMs > 0 ? window.__rinjoLoadTimeoutMs : 20000;
  if (!('noModule' in document.createElement('script'))) {
    return; // a browser without modules: unsupported-browser.js (nomodule) tells the user
  }
  var root = document.documentElement;
  var saved = null; // the loading view's own children while the message stands in for them
  var busy = null;

  function started() {
    return root.hasAttribute('data-started');
  }

  function element(tag, lang, text) {
    var e = document.createElement(tag);
    e.setAttribute('lang', lang);
    e.appendChild(document.createTextNode(text));
    return e;
  }

  function fail(why) {
    if (started() || saved) {
      return;
    }
    var loading = document.getElementById('view-loading');
    if (!loading || loading.hidden) {
      return;
    }
    saved = [];
    while (loading.firstChild) {
      saved.push(loading.removeChild(loading.firstChild));
    }
    var box = document.createElement('div');
    box.className = 'card card-error boot-problem';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-why', why);
    box.appendChild(element('h1', 'ja', 'ページを読み込めませんでした'));
    box.appendChild(element('p', 'ja', '通信が途切れたか、ページの部品（スクリプト）が届きませんでした。電波や接続を確かめて、再読み込みしてください。'));
    box.appendChild(element('p', 'ja', '何度も表示される場合は、最新の Google Chrome、Microsoft Edge、Safari で開いてください。'
        + '職場のパソコンでは、セキュリティの設定がスクリプトを止めていないか、システム管理者にご確認ください。'));
    var button = element('button', 'ja', '再読み込み');
    button.type = 'button';
    button.className = 'btn btn-primary btn-block boot-reload';
    button.appendChild(element('span', 'en', ' / Reload'));
    button.onclick = function () {
      location.reload();
    };
    box.appendChild(button);
    box.appendChild(element('h2', 'en', 'The page could not be loaded'));
    box.appendChild(element('p', 'en', 'The connection dropped or a part of the page (a script) did not arrive. Check the connection and reload.'));
    box.appendChild(element('p', 'en', 'If this keeps happening, open the page in a recent Google Chrome, Microsoft Edge or Safari; on an office PC,'
        + ' ask the system administrator whether a security setting blocks scripts.'));
    var toggle = document.getElementById('lang-toggle');
    if (toggle) {
      toggle.hidden = true; // a module's switch: it does nothing until the module runs, and the message has both languages
    }
    busy = loading.getAttribute('aria-busy');
    loading.removeAttribute('aria-busy');
    loading.appendChild(box);
  }

  function failWhenParsed(why) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () {
        fail(why);
      });
    } else {
      fail(why);
    }
  }

  // capturing: a script's load error does not bubble; an ErrorEvent is an uncaught error (a module
  // that does not parse here, or throws before the page starts)
  window.addEventListener('error', function (e) {
    if (started()) {
      return;
    }
    var target = e.target;
    if (target && target.tagName === 'SCRIPT') {
      failWhenParsed('load');
    } else if (target === window || e instanceof ErrorEvent) {
      failWhenParsed('error');
    }
  }, true);
  setTimeout(function () {
    failWhenParsed('timeout');
  }, TIMEOUT_MS);
  document.addEventListener('rinjo:started', function () {
    var loading = document.getElementById('view-loading');
    if (!saved || !loading) {
      return;
    }
    while (loading.firstChild) {
      loading.removeChild(loading.firstChild);
    }
    for (var i = 0; i < saved.length; i++) {
      loading.appendChild(saved[i]);
    }
    var toggle = document.getElementById('lang-toggle');
    if (toggle) {
      toggle.hidden = false;
    }
    if (busy !== null) {
      loading.setAttribute('aria-busy', busy);
    }
    saved = null;
  });
})();
