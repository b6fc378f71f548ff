// The event docs' one script. The pages read without it; it adds the copy buttons and, on the
// index, search as you type with keyboard moves (/ to search, arrows, Enter, Esc).
(() => {
  "use strict";

  const say = (button, text) => {
    button.textContent = text;
    setTimeout(() => {
      button.textContent = "Copy";
    }, 1500);
  };

  /** The clipboard API, or (where a page from disk is refused it) a selection copied the old way. */
  const copy = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  };

  for (const button of document.querySelectorAll("button.copy")) {
    const block = document.getElementById(button.dataset.copy);
    if (block === null) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      say(button, (await copy(block.textContent)) ? "Copied" : "Press Ctrl+C");
    });
  }

  const input = document.getElementById("q");
  const data = document.getElementById("search-data");
  if (input === null || data === null) return;

  const haystacks = JSON.parse(data.textContent);
  const items = Array.from(document.querySelectorAll("#results li.event"));
  const sections = Array.from(document.querySelectorAll("#results section.webhook"));
  const count = document.getElementById("search-count");
  const empty = document.querySelector("#results .empty");
  const shown = new Array(items.length).fill(true);
  let visible = items;
  let active = -1;

  input.closest(".search").hidden = false;

  const setActive = (index) => {
    if (active >= 0 && visible[active] !== undefined) visible[active].classList.remove("active");
    active = index;
    if (active >= 0 && visible[active] !== undefined) visible[active].classList.add("active");
  };

  /** Shows the events that hold every word of the query; touches only the rows whose state changes. */
  const filter = () => {
    const words = input.value
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== "");
    setActive(-1);
    const next = [];
    for (let i = 0; i < items.length; i++) {
      const text = haystacks[i];
      let match = true;
      for (const word of words) {
        if (!text.includes(word)) {
          match = false;
          break;
        }
      }
      if (match !== shown[i]) {
        shown[i] = match;
        items[i].hidden = !match;
      }
      if (match) next.push(items[i]);
    }
    visible = next;
    for (const section of sections) {
      const any = section.querySelector("li.event:not([hidden])") !== null;
      if (section.hidden === any) section.hidden = !any;
    }
    empty.hidden = visible.length !== 0;
    count.textContent =
      words.length === 0 ? "" : `${visible.length} of ${items.length} ${items.length === 1 ? "event" : "events"}`;
  };

  input.addEventListener("input", filter);

  const linkOf = (item) => item.querySelector("a");

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && visible.length > 0) {
      event.preventDefault();
      setActive(0);
      linkOf(visible[0]).focus();
    } else if (event.key === "Enter" && visible.length > 0) {
      event.preventDefault();
      linkOf(visible[0]).click();
    } else if (event.key === "Escape" && input.value !== "") {
      input.value = "";
      filter();
    }
  });

  document.getElementById("results").addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const item = event.target.closest("li.event");
    if (item === null) return;
    const at = visible.indexOf(item);
    if (at < 0) return;
    event.preventDefault();
    const to = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (to < 0) {
      setActive(-1);
      input.focus();
    } else if (to < visible.length) {
      setActive(to);
      linkOf(visible[to]).focus();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target.isContentEditable) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  // A query kept by the browser on going back is applied again.
  if (input.value !== "") filter();
})();
