// Progressive enhancement for the save-and-return page: a button that copies the resume link,
// shown only where the browser can copy, and saying so in a status region screen readers read.
for (const box of document.querySelectorAll('[data-module="ys-copy-link"]')) {
  const link = document.getElementById(box.dataset.link);
  const button = box.querySelector("button");
  const status = box.querySelector("[role=status]");
  if (!link || !button || !status || !navigator.clipboard) continue;
  box.hidden = false;
  button.addEventListener("click", async () => {
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(link.href);
      status.textContent = box.dataset.copied;
    } catch {
      // Refused (a permission, an old browser): select the link so copying it is one step.
      const range = document.createRange();
      range.selectNodeContents(link);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = box.dataset.failed;
    }
  });
}
