// The event docs' one script. The pages read without it; it adds the copy buttons and, on the
// index, search as you type with keyboard moves (/ to search, arrows, Enter, Esc), the query
// kept in the address (?q=) so that Back and a shared link show the same results.
(() => {
  "use strict";

  // One polite live region for the whole page: a button's own text changing is not announced
  // (its accessible name is its aria-label), and a region must exist before it is written to.
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.append(status);

  /**
   * A button's text and name: the name says what it copies and begins with the text shown
   * ("Copy sample of Order Paid"), so that a reader who says what they see reaches it.
   */
  const label = (button, text, name) => {
    button.textContent = text;
    button.setAttribute("aria-label", name);
  };

  const timers = new WeakMap();
  const say = (button, what, text, name, announce, ms) => {
    label(button, text, name);
    status.textContent = announce;
    clearTimeout(timers.get(button));
    timers.set(
      button,
      setTimeout(() => {
        label(button, "Copy", `Copy ${what}`);
        if (status.textContent === announce) status.textContent = "";
      }, ms),
    );
  };

  /**
   * The clipboard API, or (where a page from disk is refused it) a selection copied the old way.
   * The old way needs a focused text box; focus goes back where it was, so that a keyboard user
   * is not left on <body>.
   */
  const copy = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const before = document.activeElement;
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.append(area);
      area.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch {
        done = false;
      }
      area.remove();
      if (before instanceof HTMLElement) before.focus();
      return done;
    }
  };

  /** Selects a block's text and moves focus to it, so that the reader's own copy key takes it. */
  const selectBlock = (block) => {
    block.focus();
    const range = document.createRange();
    range.selectNodeContents(block);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const copyKey = /Mac|iPhone|iPad/.test(navigator.platform) ? "\u2318C" : "Ctrl+C";

  /** "sample of Order Created", from the block's heading and its event's. */
  const whatIsCopied = (button, block) => {
    const article = button.closest("article");
    const event = article?.querySelector("h2")?.textContent.trim() ?? "";
    const title = document.getElementById(`${block.id}--title`)?.textContent.trim();
    const what = title === undefined ? "import line" : title.toLowerCase();
    return event === "" ? what : `${what} of ${event}`;
  };

  const wire = (button, block) => {
    const what = whatIsCopied(button, block);
    label(button, "Copy", `Copy ${what}`);
    button.removeAttribute("aria-describedby");
    button.hidden = false;
    button.addEventListener("click", async () => {
      if (await copy(block.textContent)) say(button, what, "Copied", `Copied ${what}`, `Copied ${what}`, 1500);
      else {
        selectBlock(block);
        const hint = `Press ${copyKey}`;
        say(button, what, hint, `${hint} to copy ${what}`, `Selected ${what}: press ${copyKey} to copy`, 4000);
      }
    });
  };

  for (const button of document.querySelectorAll("button.copy")) {
    const block = document.getElementById(button.dataset.copy);
    if (block !== null) wire(button, block);
  }

  // The import line gets its button here rather than in the page: without the script it could not work.
  for (const block of document.querySelectorAll("pre.import")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.dataset.copy = block.id;
    const row = document.createElement("div");
    row.className = "import-row";
    block.before(row);
    row.append(block, button);
    wire(button, block);
  }

  const input = document.getElementById("q");
  const data = document.getElementById("search-data");
  if (input === null || data === null) return;

  /**
   * Paths compare with their brackets taken out, in the text and in the query alike:
   * `items.sku` finds `items[].sku`, and `headers.x-signature` finds `headers["x-signature"]`.
   * Within a line: a `["` in one text and a `"]` in the next are no path.
   */
  const normalise = (text) => text.replace(/\[\]/g, "").replace(/\["([^"\\\n]*)"\]/g, ".$1");

  // Each field line once for the site, and per event its head (tag, name, description, type)
  // and the indexes of its field lines: payloads share most fields.
  const search = JSON.parse(data.textContent);
  const fieldLines = search.fields.map(normalise);
  const heads = search.events.map(([head]) => normalise(head));
  const eventFields = search.events.map(([, fields]) => fields);
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
    const words = normalise(input.value.toLowerCase())
      .split(/\s+/)
      .filter((w) => w !== "");
    setActive(-1);
    // Per word, which field lines hold it: looked for once, not once per event that has the field.
    const inFields = words.map((word) => fieldLines.map((line) => line.includes(word)));
    const next = [];
    for (let i = 0; i < items.length; i++) {
      let match = true;
      for (let w = 0; w < words.length; w++) {
        const hits = inFields[w];
        if (!heads[i].includes(words[w]) && !eventFields[i].some((field) => hits[field])) {
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

  /**
   * The query into the address, replacing the entry rather than adding one: Back from an event
   * then returns to these results (a page from disk is not kept whole by the browser, and the
   * box's value is not restored), and the address can be shared.
   */
  const remember = () => {
    const url = new URL(location.href);
    const query = input.value.trim();
    if (query === "") url.searchParams.delete("q");
    else url.searchParams.set("q", query);
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  };
  // Written a moment after typing stops: browsers refuse a flood of history calls.
  let pending;
  const rememberSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(remember, 300);
  };
  const rememberNow = () => {
    clearTimeout(pending);
    remember();
  };

  /** The query from the address (on load, and on coming back to a page the browser kept). */
  const restore = () => {
    const query = new URLSearchParams(location.search).get("q") ?? "";
    if (query !== "" && input.value === "") input.value = query;
    if (input.value !== "") filter();
  };

  input.addEventListener("input", () => {
    filter();
    rememberSoon();
  });

  const linkOf = (item) => item.querySelector("a");

  const clear = () => {
    input.value = "";
    filter();
    rememberNow();
  };

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && visible.length > 0) {
      event.preventDefault();
      setActive(0);
      linkOf(visible[0]).focus();
    } else if (event.key === "Enter") {
      // An empty box has searched for nothing: Enter there opens nothing.
      event.preventDefault();
      if (input.value.trim() !== "" && visible.length > 0) linkOf(visible[0]).click();
    } else if (event.key === "Escape" && input.value !== "") {
      clear();
    }
  });

  const results = document.getElementById("results");
  // Leaving for an event: the address holds the query before the page goes.
  results.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a") !== null) rememberNow();
  });
  window.addEventListener("pagehide", rememberNow);

  results.addEventListener("keydown", (event) => {
    const item = event.target instanceof Element ? event.target.closest("li.event") : null;
    if (item === null) return;
    if (event.key === "Escape") {
      event.preventDefault();
      setActive(-1);
      clear();
      input.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
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

  // `/` focuses search on the index only: a webhook's page has no box (and says nothing of `/`).
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target.isContentEditable) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  restore();
  // A page the browser kept whole (Back with a back/forward cache) shows its state as it was;
  // the query is applied again in case the box and the list parted.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) restore();
  });
})();
