// Progressive enhancement for the organisation picker: filter the radio list as the parent
// types. Without JavaScript the Search button filters the same list on the server.
for (const picker of document.querySelectorAll('[data-module="ys-organisation-picker"]')) {
  const input = picker.querySelector("input[type=text]");
  const key = picker.dataset.target;
  const radios = document.querySelectorAll(`input[type=radio][name="${key}"]`);
  const status = picker.querySelector("[role=status]");
  if (!input || !radios.length) continue;
  input.addEventListener("input", () => {
    const words = input.value.trim().toLowerCase();
    let shown = 0;
    for (const radio of radios) {
      const item = radio.closest(".govuk-radios__item");
      const label = item ? item.textContent.toLowerCase() : "";
      const match = !words || label.includes(words) || radio.checked;
      if (item) item.hidden = !match;
      if (match) shown += 1;
    }
    if (status) status.textContent = `${shown} shown`;
  });
}
