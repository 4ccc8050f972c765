// A council may show a survey inside its own page (FRAME_ANCESTORS). Framed, the page offers a
// link to open it in a full tab; it never takes the visitor away from the council's page itself
// (no framebusting). Without JavaScript the link stays hidden, and the frame still works.
var framed;
try {
  framed = window.self !== window.top;
} catch (error) {
  framed = true;
}
if (framed) {
  document.querySelectorAll("[data-ys-framed]").forEach(function (element) {
    element.hidden = false;
  });
}
