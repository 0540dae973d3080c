/*
 * policymap embed: one script tag inserts the map widget as a responsive iframe.
 *
 *   <script src="https://HOST/embed.js" data-area="13" data-purpose="新たな事業を行いたい" data-lang="ja"></script>
 *
 * data-area: prefecture (2 digits) or municipality (5 digits) code to open;
 * data-purpose: jGrants use_purpose values, comma-separated; data-lang: ja | en;
 * data-open="true": accepting now only; data-title: the iframe's accessible name.
 * The iframe grows to the widget's height (the widget posts it). No cookies,
 * no inline code or styles, nothing loaded from anywhere but HOST: works under
 * a host page CSP of `script-src HOST; frame-src HOST`.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var host = new URL(script.src, document.baseURI).origin;
  var data = script.dataset;
  var params = new URLSearchParams();
  if (data.area && /^(\d{2}|\d{5})$/.test(data.area)) params.set('area', data.area);
  if (data.purpose) params.set('purpose', data.purpose);
  if (data.lang === 'en' || data.lang === 'ja') params.set('lang', data.lang);
  if (data.open === 'true') params.set('open', 'true');
  var query = params.toString();

  var frame = document.createElement('iframe');
  frame.src = host + '/embed' + (query ? '?' + query : '');
  frame.title = data.title || (data.lang === 'en' ? 'SME support programme map' : '中小企業支援制度マップ');
  frame.loading = 'lazy';
  frame.referrerPolicy = 'no-referrer';
  frame.setAttribute('allow', 'geolocation');
  frame.className = 'policymap-embed';
  // Styles through the CSSOM: a host CSP without 'unsafe-inline' for styles allows these.
  frame.style.display = 'block';
  frame.style.width = '100%';
  frame.style.maxWidth = '100%';
  frame.style.height = '640px';
  frame.style.border = '0';

  window.addEventListener('message', function (event) {
    if (event.origin !== host || event.source !== frame.contentWindow) return;
    var msg = event.data;
    if (!msg || msg.type !== 'policymap:height') return;
    var h = Number(msg.height);
    if (isFinite(h) && h >= 200 && h <= 20000) frame.style.height = Math.ceil(h) + 'px';
  });

  script.parentNode.insertBefore(frame, script.nextSibling);
})();
