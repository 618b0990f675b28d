// Pagefind behind the theme's search box (partials/search.html, when the
// build chose Pagefind: generator/pagefind.py). Material's own search
// component is not mounted then, so this does what it did for the box: open
// it with "/", "s" or "f", close it with Escape, move through the results
// with the arrow keys, follow the first with Enter, and show "verdict:
// claim" titles with an excerpt. Pagefind is loaded on the first search and
// fetches only the chunks of its index that the query needs.

const root = document.querySelector("[data-briefing-search]");

if (root) {
  const toggle = document.getElementById("__search");
  const form = root.querySelector("form");
  const input = root.querySelector(".md-search__input");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const scrollwrap = root.querySelector(".md-search__scrollwrap");
  const base = new URL(root.dataset.base, document.baseURI);
  const bundle = new URL(root.dataset.bundle, document.baseURI);
  const PAGE = 10; // results rendered at a time, as Material does
  let engine = null; // Pagefind's module, once loaded
  let current = null; // the results of the latest query
  let shown = 0;
  let asked = 0; // numbers the queries: an answer to an older one is dropped

  // Addresses as the records have them ("/claims/x/"), resolved against the
  // site's base here, not prefixed with where the bundle was found.
  const OPTIONS = { baseUrl: "/", excerptLength: 24 };

  // A large index is written in parts (generator/pagefind.py): the bundle
  // lists the others, and each is merged into every search.
  const load = () => {
    engine ??= Promise.all([
      import(new URL("pagefind.js", bundle).href),
      fetch(new URL("parts.json", bundle)).then((response) => (response.ok ? response.json() : [])),
    ]).then(async ([pagefind, parts]) => {
      await pagefind.options(OPTIONS);
      for (const part of parts) await pagefind.mergeIndex(new URL(part, bundle).href, OPTIONS);
      return pagefind;
    });
    return engine;
  };

  const counted = (count) =>
    count === 0 ? root.dataset.none : count === 1 ? root.dataset.one : root.dataset.other.replace("#", count);

  // The excerpt, with nothing but its text and <mark> elements: Pagefind
  // marks the words found; any other markup is dropped unread.
  const excerpt = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    const paragraph = document.createElement("p");
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.tabIndex = -1;
    link.href = new URL(data.url.replace(/^\//, ""), base).href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = data.meta.title;
    article.append(icon, title, excerpt(data.excerpt));
    link.append(article);
    li.append(link);
    return li;
  };

  const more = async () => {
    const results = current;
    if (!results || shown >= results.length) return;
    const batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    const data = await Promise.all(batch.map((result) => result.data()));
    if (results === current) list.append(...data.map(item));
  };

  const search = async () => {
    const number = ++asked;
    const query = input.value.trim();
    if (!query) {
      current = null;
      list.replaceChildren();
      meta.textContent = root.dataset.placeholder;
      return;
    }
    const pagefind = await load();
    const found = await pagefind.debouncedSearch(query, {}, 150);
    if (found === null || number !== asked) return; // a later query replaced this one
    current = found.results;
    shown = 0;
    list.replaceChildren();
    meta.textContent = counted(current.length);
    await more();
  };

  const links = () => [...list.querySelectorAll(".md-search-result__link")];

  const open = () => {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
    input.select();
  };

  const close = () => {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  };

  input.addEventListener("input", search);
  input.addEventListener("focus", () => {
    if (!toggle.checked) open();
    load(); // fetch the engine while the reader types
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { search(); input.focus(); }));
  toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
  scrollwrap.addEventListener("scroll", () => {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 16) more();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const inBox = root.contains(document.activeElement);
    if (!toggle.checked || !inBox) {
      const typing = document.activeElement?.matches("input, textarea, select, [contenteditable]");
      if (!typing && ["/", "s", "f", "S", "F"].includes(event.key)) {
        event.preventDefault();
        open();
      }
      return;
    }
    const targets = [input, ...links()];
    const at = targets.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = Math.max(0, Math.min(targets.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
      targets[next].focus();
      if (next >= targets.length - 2) more();
    } else if (event.key === "Enter" && document.activeElement === input) {
      event.preventDefault();
      links()[0]?.click();
    }
  });
}
