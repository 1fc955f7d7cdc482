// Progressive enhancement: "copy link" copies instead of navigating.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.copy-link");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  try {
    await navigator.clipboard.writeText(link.href);
    link.textContent = "نُسخ الرابط";
  } catch {
    window.location.href = link.href;
  }
});
