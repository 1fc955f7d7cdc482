// One-click acceptance of the related panels' suggestions in the article
// editor: a «اقرأ أيضاً» block into the body StreamField, a tag into the tags
// field. Only the form changes; the editor saves or publishes as usual.
(() => {
  "use strict";

  function insertReadAlso(button) {
    const rootElement = document.getElementById("body-root");
    const stream = rootElement && rootElement.rootBlock;
    if (!stream) return false;
    const count = stream.children.length;
    const index = Math.min(count, Math.max(1, Math.ceil(count / 2)));
    stream.insert(
      { type: "read_also", value: JSON.parse(button.dataset.relatedInsert), id: null },
      index,
      { animate: true },
    );
    return true;
  }

  function acceptTag(button) {
    const input = document.getElementById("id_tags");
    if (!input || !window.jQuery) return false;
    window.jQuery(input).tagit("createTag", button.dataset.relatedTag);
    return true;
  }

  function done(button, label) {
    button.disabled = true;
    button.setAttribute("aria-pressed", "true");
    button.textContent = label;
  }

  document.addEventListener("click", (event) => {
    const insert = event.target.closest("[data-related-insert]");
    if (insert) {
      event.preventDefault();
      if (insertReadAlso(insert)) done(insert, "أُدرج ✓");
      return;
    }
    const tag = event.target.closest("[data-related-tag]");
    if (tag) {
      event.preventDefault();
      if (acceptTag(tag)) done(tag, `✓ ${tag.dataset.relatedTag}`);
    }
  });
})();
