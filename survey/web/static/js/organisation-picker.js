// Progressive enhancement for the organisation picker. Without JavaScript the Search button
// filters the radio list on the server. With it, a long list becomes GOV.UK's
// accessible-autocomplete over every organisation the question offers (a <select> the server
// put in a <template>): the parent types a few letters and picks. If that script did not load,
// typing in the search box filters the radios instead.

function words(picker, name, values) {
  let text = picker.dataset[name] || "";
  for (const [key, value] of Object.entries(values || {})) {
    text = text.replace(`{${key}}`, String(value));
  }
  return text;
}

function typeAhead(picker, key) {
  const template = picker.querySelector("template.ys-picker__autocomplete");
  const fieldset = picker.closest(".govuk-fieldset");
  const radios = fieldset ? fieldset.querySelector(".govuk-radios") : null;
  if (!template || !radios || !window.accessibleAutocomplete) return false;

  // The radios step aside (the picker sits inside their group, before them): hidden, and
  // disabled so only the select's answer is sent. The first radio carries the question's id
  // (where the error summary links); the type-ahead takes it.
  for (const item of radios.querySelectorAll(".govuk-radios__item, .govuk-radios__divider")) {
    item.hidden = true;
  }
  for (const radio of radios.querySelectorAll("input[type=radio]")) {
    radio.disabled = true;
    if (radio.id === key) radio.id = `${key}-radio`;
  }
  const search = picker.querySelector(".ys-picker__search");
  search.hidden = true;
  for (const input of search.querySelectorAll("input")) input.disabled = true;

  picker.appendChild(template.content.cloneNode(true));
  const select = picker.querySelector(`select[name="${key}"]`);
  accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    id: key, // the <label> in the template, and the error summary's link, point here
    defaultValue: "",
    minLength: 2,
    autoselect: false,
    showNoOptionsFound: true,
    // Over the page, not in it: a menu closing on blur must not move the Continue button
    // out from under a finger or pointer.
    displayMenu: "overlay",
    inputClasses: picker.closest(".govuk-form-group--error") ? "govuk-input--error" : "",
    tNoResults: () => words(picker, "noResults"),
    tStatusNoResults: () => words(picker, "noResults"),
    tStatusQueryTooShort: (count) => words(picker, "queryTooShort", { count }),
    tStatusResults: (count, selected) =>
      `${count === 1 ? words(picker, "oneResult") : words(picker, "results", { count })} ${selected}`,
    tStatusSelectedOption: (option, length, index) =>
      words(picker, "highlighted", { option, index: index + 1, length }),
    tAssistiveHint: () => words(picker, "assistiveHint"),
  });
  // Clearing the box clears the answer too (the component leaves the select as it was).
  const input = picker.querySelector(`input#${CSS.escape(key)}`);
  if (input) {
    input.addEventListener("input", () => {
      if (!input.value.trim()) select.value = "";
    });
  }
  return true;
}

function filterAsYouType(picker, key) {
  const input = picker.querySelector("input[type=text]");
  const radios = document.querySelectorAll(`input[type=radio][name="${key}"]`);
  const status = picker.querySelector("[role=status]");
  if (!input || !radios.length) return;
  input.addEventListener("input", () => {
    const typed = input.value.trim().toLowerCase();
    let shown = 0;
    for (const radio of radios) {
      const item = radio.closest(".govuk-radios__item");
      const label = item ? item.textContent.toLowerCase() : "";
      const match = !typed || label.includes(typed) || radio.checked;
      if (item) item.hidden = !match;
      if (match) shown += 1;
    }
    if (status) status.textContent = `${shown} shown`;
  });
}

for (const picker of document.querySelectorAll('[data-module="ys-organisation-picker"]')) {
  const key = picker.dataset.target;
  if (!typeAhead(picker, key)) filterAsYouType(picker, key);
}
