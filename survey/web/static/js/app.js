// Progressive enhancement only: every page works without JavaScript.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  import("/assets/govuk-frontend.min.js").then(function (govuk) { govuk.initAll(); });
}
