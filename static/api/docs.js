"use strict";
// Swagger UI for the API's schema; the schema's address comes from the page (no inline script: CSP).
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: ["get"],
  });
})();
