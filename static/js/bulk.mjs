// "Select all on this page" for a list's bulk form: a convenience on top of the
// checkboxes, which work without it. The button stays hidden without JavaScript.
for (const form of document.querySelectorAll("form.app-bulk")) {
  const holder = form.querySelector("[data-bulk-page]");
  const button = form.querySelector("[data-bulk-toggle]");
  const boxes = () => document.querySelectorAll(`input[name="selected"][form="${form.id}"]`);
  if (!holder || !button || boxes().length === 0) continue;
  const label = button.textContent;
  const update = () => {
    const all = [...boxes()].every((box) => box.checked);
    button.textContent = all ? label.replace(/^Select all/, "Clear all") : label;
  };
  button.addEventListener("click", () => {
    const check = ![...boxes()].every((box) => box.checked);
    for (const box of boxes()) box.checked = check;
    update();
  });
  for (const box of boxes()) box.addEventListener("change", update);
  holder.hidden = false;
}
