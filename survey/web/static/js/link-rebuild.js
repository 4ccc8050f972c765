// Progressive enhancement for the plan page: while link suggestions are being updated, ask the
// progress endpoint every few seconds and update the sentence; reload the page when the job has
// finished, so the server renders the result. Without JavaScript the page's refresh link does it.
const box = document.querySelector("[data-link-rebuild-url]");
if (box && window.fetch) {
  const line = box.querySelector("[data-link-rebuild-progress]");
  const number = new Intl.NumberFormat("en-GB");
  const poll = function () {
    fetch(box.dataset.linkRebuildUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
          return;
        }
        const total = job.texts_total ? number.format(job.texts_total) : "all";
        line.textContent = "Updating link suggestions: " + number.format(job.texts_done) + " of " + total + " texts read";
        window.setTimeout(poll, 3000);
      })
      .catch(function () { /* the refresh link still works */ });
  };
  window.setTimeout(poll, 3000);
}
