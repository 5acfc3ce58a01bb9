// Full-text search of every document in every language, with the Pagefind index built with the site
// (pagefind/). Each result opens the document's HTML edition at the paragraph or note that matched.
// The query is kept in the address (search.html?q=…), so results can be shared and the index page's form works.
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("results");
const base = new URL(".", document.baseURI);
// Elements a match can be opened at: blocks, not inline elements (a footnote call) nor the whole page (main).
const BLOCKS = new Set(["p", "li", "div", "td", "th", "blockquote", "figure", "caption", "table", "h1", "h2", "h3",
  "h4", "h5", "h6", "dd", "dt", "aside", "section"]);
const MORE = 20;

let engine = null;
let catalogue = null;

async function start() {
  if (engine) return engine;
  // One Pagefind bundle per language (each stems and segments its own words): the first is searched, the others
  // merged into it, so that one search finds every document in every language.
  const { languages } = await (await fetch(new URL("pagefind/languages.json", base))).json();
  const pagefind = await import(new URL(`pagefind/${languages[0]}/pagefind.js`, base).href);
  await pagefind.options({ baseUrl: base.pathname, excerptLength: 30 });
  await pagefind.init(languages[0]);
  for (const language of languages.slice(1)) {
    await pagefind.mergeIndex(new URL(`pagefind/${language}/`, base).pathname, { language });
  }
  catalogue = (await (await fetch(new URL("catalogue.json", base))).json()).documents;
  engine = pagefind;
  return engine;
}

// The paragraph or note a result matched in: each match belongs to the last block with an id that starts before
// it. The block opened holds the longest run of the query's words in a row (the phrase), then the most matches.
function anchor(data) {
  const blocks = (data.anchors || []).filter((a) => BLOCKS.has(a.element)).sort((a, b) => a.location - b.location);
  const locations = [...new Set(data.locations || [])].sort((a, b) => a - b);
  const scores = new Map();
  let previous = null;
  let run = 0;
  for (const location of locations) {
    let owner = null;
    for (const block of blocks) {
      if (block.location > location) break;
      owner = block;
    }
    run = previous !== null && location === previous + 1 ? run + 1 : 1;
    previous = location;
    if (!owner) continue;
    const score = scores.get(owner) || { run: 0, count: 0 };
    scores.set(owner, { run: Math.max(score.run, run), count: score.count + 1 });
  }
  let best = null;
  for (const [block, score] of scores) {
    if (!best || score.run > best[1].run || (score.run === best[1].run && score.count > best[1].count)) {
      best = [block, score];
    }
  }
  return best ? "#" + best[0].id : "";
}

function describe(url) {
  const name = decodeURIComponent(url.replace(base.pathname, "").split("/")[0]);
  return catalogue.find((d) => d.name === name);
}

// A document's words carry its language and direction (Arabic on this left-to-right page).
function own(element, doc) {
  if (doc) {
    element.lang = doc.language;
    element.dir = doc.direction || "auto";
  } else {
    element.dir = "auto";
  }
  return element;
}

function item(data) {
  const li = document.createElement("li");
  const doc = describe(data.url);
  const link = own(document.createElement("a"), doc);
  // Pagefind names a page by its folder (name/html/); the file itself works on every host and from disk.
  link.href = (data.url.endsWith("/") ? data.url + "index.html" : data.url) + anchor(data);
  link.textContent = doc ? doc.title : data.meta.title;
  const heading = document.createElement("p");
  heading.appendChild(link);
  const excerpt = own(document.createElement("p"), doc);
  excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: the page's own text, escaped, with <mark> around the words
  const where = document.createElement("p");
  where.className = "where";
  if (doc) {  // the document's type and language are in its own words
    own(where, doc);
    where.textContent = [doc.symbol, doc.type, doc.date, doc.language_name].filter(Boolean).join(" · ");
  }
  li.append(heading, excerpt, where);
  return li;
}

let latest = 0;

async function search(query) {
  const asked = ++latest; // a slower, older search never replaces a newer one's results
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  let found, results;
  try {
    const pagefind = await start();
    found = await pagefind.search(query);
    results = await Promise.all(found.results.slice(0, MORE).map((r) => r.data()));
  } catch (error) {
    if (asked === latest) {
      status.textContent = "Search could not start (" + error.message + "). The list of documents works without it.";
    }
    return;
  }
  if (asked !== latest) return;
  list.replaceChildren(...results.map(item));
  const n = found.results.length;
  status.textContent = n === 0 ? `No document holds “${query}”.`
    : `${n} ${n === 1 ? "document holds" : "documents hold"} “${query}”` + (n > MORE ? `; the first ${MORE} are listed.` : ".");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  search(input.value);
});

const query = new URL(location.href).searchParams.get("q");
if (query) {
  input.value = query;
  search(query);
}
