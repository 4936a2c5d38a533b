// /docs: Swagger UI on the service's own OpenAPI schema (no inline script: the page's CSP forbids it)
'use strict';
window.ui = window.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
