// Keyboard shortcuts for the review queue (no framework, no build step).
// j/k or arrows: next/previous comment · c confirm · r reject · a abusive
// x select for a bulk action · t theme · s summary · Esc leaves a field.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("#queue .queue-item"));
  if (!items.length) { return; }
  var current = 0;
  var counter = document.getElementById("selected-count");

  function show(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle("current", i === current); });
    items[current].focus({ preventScroll: true });
    items[current].scrollIntoView({ block: "nearest" });
  }

  function press(key) {
    var target = items[current].querySelector('[data-key="' + key + '"]');
    if (!target) { return; }
    if (target.tagName === "BUTTON") { target.click(); } else { target.focus(); }
  }

  function countSelected() {
    if (counter) {
      counter.textContent = document.querySelectorAll('input[name="comment_ids"]:checked').length;
    }
  }

  document.addEventListener("change", countSelected);
  items.forEach(function (item, i) {
    item.addEventListener("click", function () { if (current !== i) { show(i); } });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") {
      if (event.key === "Escape") { event.target.blur(); items[current].focus(); }
      if (event.key === "Enter" && event.target.name === "summary") {
        event.preventDefault();
        press("c");
      }
      return;
    }
    switch (event.key) {
      case "j": case "ArrowDown": show(current + 1); break;
      case "k": case "ArrowUp": show(current - 1); break;
      case "c": press("c"); break;
      case "r": press("r"); break;
      case "a": press("a"); break;
      case "t": press("t"); break;
      case "s": press("s"); break;
      case "x": {
        var box = items[current].querySelector('input[name="comment_ids"]');
        box.checked = !box.checked;
        countSelected();
        break;
      }
      default: return;
    }
    event.preventDefault();
  });
  show(0);
})();
