// The API reference page (/docs): Swagger UI (swagger-ui-dist, copied at build
// time by scripts/build-docs.mjs) renders the server's own /openapi.json. The
// spec's `servers` are replaced by this origin, so "Try it out" talks to the
// server that served the page; nothing is loaded from anywhere else (the
// online validator badge is off).
(function () {
  'use strict';
  var base = new URL('.', document.baseURI);
  fetch(new URL('openapi.json', base), { headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('openapi.json: HTTP ' + response.status);
      return response.json();
    })
    .then(function (spec) {
      spec.servers = [{ url: base.href.replace(/\/$/, ''), description: 'this server' }];
      window.ui = window.SwaggerUIBundle({
        spec: spec,
        dom_id: '#api-docs',
        deepLinking: true,
        validatorUrl: null,
        defaultModelsExpandDepth: 0,
        tryItOutEnabled: false,
      });
    })
    .catch(function (error) {
      var p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.textContent = 'The API description could not be loaded: ' + error.message;
      document.getElementById('api-docs').appendChild(p);
    });
})();
