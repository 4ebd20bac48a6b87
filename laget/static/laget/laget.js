// Small progressive enhancements; every page works without them.

// After a failed submit the error summary takes focus, so a screen reader reads what to fix and a
// keyboard user starts from the list of links to the fields (WCAG 3.3.1).
function focusErrors(root) {
  const summary = root.querySelector(".ds-error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    return true;
  }
  return false;
}

document.addEventListener("DOMContentLoaded", () => {
  focusErrors(document);

  // The "Mer" menu closes with Esc and gives focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".laget-more details[open]").forEach((menu) => {
      menu.removeAttribute("open");
      const summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });

  // A table wider than its column scrolls in its own region: reachable and named for the keyboard
  // (WCAG 2.1.1), and only then a tab stop.
  const labelTableRegions = () => {
    document.querySelectorAll(".laget-table-wrap").forEach((wrap) => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const table = wrap.querySelector("table");
        const caption = table && table.querySelector("caption");
        let heading = wrap.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        const name = (caption || heading || wrap.closest("section")?.querySelector("h1, h2, h3"))?.textContent?.trim();
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name || document.title);
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  };
  labelTableRegions();
  window.addEventListener("resize", labelTableRegions);

  // After htmx puts new content in, errors in it take focus; otherwise focus stays where it was.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    labelTableRegions();
    focusErrors(event.detail.target);
  });

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
