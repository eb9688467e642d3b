// Loaded with <script nomodule>: runs only in a browser without JavaScript modules (Internet
// Explorer, Edge before version 16), which would otherwise show 読み込み中… for ever, since every
// page is built by modules. Written for such browsers (var and function only: no let, arrows or
// template strings) and in both languages at once, since the translations (i18n.js) are a module.
(function () {
  // [heading level below the page's title (0: the title), or the tag; lang; text]
  var TEXT = [
    [0, 'ja', 'このブラウザーでは臨場を使えません'],
    ['p', 'ja', 'お使いのブラウザーは古いため、このページを表示できません。最新の Google Chrome、Microsoft Edge、Safari のいずれかで開いてください。'],
    ['p', 'ja', '受注者（現場代理人）の方: 招待リンクは、スマートフォンの標準のブラウザー（iPhone は Safari、Android は Chrome）で開いてください。'],
    [1, 'en', 'This browser cannot be used for Rinjo'],
    ['p', 'en', 'This browser is too old to show this page. Please open it in a recent Google Chrome, Microsoft Edge or Safari.'],
    ['p', 'en', 'Contractors: open the invitation link in your phone\'s standard browser (Safari on iPhone, Chrome on Android).']
  ];

  function show() {
    var loading = document.getElementById('view-loading');
    // in place of the loading view the message is the page's title; above a page's own content (the
    // home page, whose links lead to pages this browser cannot use) it comes under that page's title
    var top = loading ? 1 : 2;
    var box = document.createElement('div');
    box.className = 'card card-error boot-problem';
    box.setAttribute('role', 'alert');
    for (var i = 0; i < TEXT.length; i++) {
      var tag = typeof TEXT[i][0] === 'number' ? 'h' + (top + TEXT[i][0]) : TEXT[i][0];
      var e = document.createElement(tag);
      e.setAttribute('lang', TEXT[i][1]);
      e.appendChild(document.createTextNode(TEXT[i][2]));
      box.appendChild(e);
    }
    var toggle = document.getElementById('lang-toggle');
    if (toggle) {
      toggle.style.display = 'none'; // the switch is a module's: it does nothing here, and the message has both languages
    }
    if (loading) {
      while (loading.firstChild) {
        loading.removeChild(loading.firstChild);
      }
      loading.removeAttribute('aria-busy');
      loading.appendChild(box);
    } else {
      var main = document.getElementById('main') || document.body;
      main.insertBefore(box, main.firstChild);
    }
  }

  if (document.readyState !== 'loading') {
    show();
  } else if (document.addEventListener) {
    document.addEventListener('DOMContentLoaded', show, false);
  } else {
    document.attachEvent('onreadystatechange', function () {
      if (document.readyState === 'complete') {
        show();
      }
    });
  }
})();
