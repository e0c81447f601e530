import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// A table container is in the tab order so that keyboard users can scroll a
// table wider than the screen (it starts that way, for pages without
// JavaScript). While the table fits, the extra tab stop is only noise.
function updateTableContainers() {
  for (const container of document.querySelectorAll(".app-table-container")) {
    if (container.scrollWidth > container.clientWidth) {
      container.setAttribute("tabindex", "0");
    } else if (container !== document.activeElement) {
      container.removeAttribute("tabindex");
    }
  }
}

updateTableContainers();
window.addEventListener("resize", updateTableContainers);
