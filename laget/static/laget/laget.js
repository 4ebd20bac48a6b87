// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // "Add row" for formsets: clones the empty-form template and bumps TOTAL_FORMS.
  document.querySelectorAll("[data-formset-add]").forEach((button) => {
    button.addEventListener("click", () => {
      const prefix = button.dataset.formsetAdd;
      const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
      const template = document.getElementById(`${prefix}-empty`);
      const target = document.getElementById(`${prefix}-rows`);
      if (!total || !template || !target) return;
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      target.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = target.lastElementChild && target.lastElementChild.querySelector("input, textarea, select");
      if (first) first.focus();
    });
  });
});
