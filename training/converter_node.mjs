// JavaScript converters, as scrapers written for Node run them (run by training.converters).
//
// The packages are never a dependency of xxgk: they are installed (training only) with
//     npm install --prefix DIR pdfjs-dist@4 pdf-parse@2 turndown turndown-plugin-gfm html-to-text pdf2json@4 node-html-markdown@2
// and $XXGK_CONVERTER_NODE_MODULES names DIR (the prefix: DIR/node_modules/<package>).
//
//     node training/converter_node.mjs MODE IN_FILE OUT_FILE
//     node training/converter_node.mjs --has PACKAGE          (exit 0 when DIR holds it)
//
// MODE:
//   pdfjs-eol         pdf.js (pdfjs-dist, legacy build, its cMaps) getTextContent of every page,
//                     the items' str joined, "\n" after an item whose hasEOL is set (the recipe of
//                     pdf.js's own examples); pages joined by "\n"
//   pdfjs-lines       the same items joined by "\n" (items.map(i => i.str).join("\n"))
//   pdfjs-join        the same items joined by " " (items.map(i => i.str).join(" ")): a page a line
//   pdf-parse         pdf-parse 2 new PDFParse({data, cMapUrl}).getText() .text (its own pdf.js 5:
//                     items joined by hasEOL, each page followed by "\n-- N of M --\n\n")
//   turndown          turndown's TurndownService().turndown(html) (no table rule: every cell
//                     its own paragraph)
//   turndown-gfm      the same with turndown-plugin-gfm's gfm plugin (tables as pipe tables)
//   html-to-text      html-to-text convert(html) with its defaults (wordwrap 80)
//   html-to-text-table  convert(html, {wordwrap: false, selectors: [{selector: "table",
//                     format: "dataTable"}]}) (tables laid out as space-aligned columns)
//   node-html-markdown  node-html-markdown 2's NodeHtmlMarkdown.translate(html) (tables as pipe
//                     tables, a spanned cell one cell: rows packed to the left, no column kept)
//   pdf2json          pdf2json's PDFParser parseBuffer, its "pdfParser_dataReady" data as JSON.stringify
//                     writes it (Pages: Texts placed by x, y in page units, a width, the text in R[].T)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const DIR = process.env.XXGK_CONVERTER_NODE_MODULES || "";
const MODULES = path.join(DIR, "node_modules");
const require = createRequire(path.join(MODULES, "_.js"));

async function pdfjsItems(data) {
  const root = path.join(MODULES, "pdfjs-dist");
  const pdfjs = await import(pathToFileURL(path.join(root, "legacy/build/pdf.mjs")).href);
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    cMapUrl: path.join(root, "cmaps") + "/",
    cMapPacked: true,
    standardFontDataUrl: path.join(root, "standard_fonts") + "/",
    verbosity: 0,
  }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.filter((it) => "str" in it));
  }
  return pages;
}

const MODES = {
  async "pdfjs-eol"(data) {
    const pages = await pdfjsItems(data);
    return pages.map((items) => items.map((it) => it.str + (it.hasEOL ? "\n" : "")).join("")).join("\n");
  },
  async "pdfjs-lines"(data) {
    const pages = await pdfjsItems(data);
    return pages.map((items) => items.map((it) => it.str).join("\n")).join("\n");
  },
  async "pdfjs-join"(data) {
    const pages = await pdfjsItems(data);
    return pages.map((items) => items.map((it) => it.str).join(" ")).join("\n");
  },
  async "pdf-parse"(data) {
    const { PDFParse } = await import(pathToFileURL(require.resolve("pdf-parse")).href);
    // its own pdf.js's cMaps (a non-embedded CJK font reads as nothing without them)
    const own = path.dirname(createRequire(require.resolve("pdf-parse")).resolve("pdfjs-dist/package.json"));
    const parser = new PDFParse({ data: new Uint8Array(data), cMapUrl: path.join(own, "cmaps") + "/", cMapPacked: true });
    const res = await parser.getText();
    await parser.destroy();
    return res.text;
  },
  async turndown(data) {
    const TurndownService = require("turndown");
    return new TurndownService().turndown(data.toString("utf8"));
  },
  async "turndown-gfm"(data) {
    const TurndownService = require("turndown");
    const { gfm } = require("turndown-plugin-gfm");
    const td = new TurndownService();
    td.use(gfm);
    return td.turndown(data.toString("utf8"));
  },
  async "html-to-text"(data) {
    const { convert } = require("html-to-text");
    return convert(data.toString("utf8"));
  },
  async pdf2json(data) {
    const PDFParser = require("pdf2json");
    const parser = new PDFParser();
    const ready = new Promise((resolve, reject) => {
      parser.on("pdfParser_dataError", (e) => reject(e.parserError));
      parser.on("pdfParser_dataReady", resolve);
    });
    parser.parseBuffer(data);
    return JSON.stringify(await ready);
  },
  async "node-html-markdown"(data) {
    const { NodeHtmlMarkdown } = require("node-html-markdown");
    return NodeHtmlMarkdown.translate(data.toString("utf8"));
  },
  async "html-to-text-table"(data) {
    const { convert } = require("html-to-text");
    return convert(data.toString("utf8"), {
      wordwrap: false,
      selectors: [{ selector: "table", format: "dataTable" }],
    });
  },
};

const [arg, inFile, outFile] = process.argv.slice(2);
if (arg === "--has") {
  process.exit(DIR && fs.existsSync(path.join(MODULES, inFile, "package.json")) ? 0 : 1);
}
if (!MODES[arg] || !inFile || !outFile) {
  console.error(`usage: converter_node.mjs (${Object.keys(MODES).join("|")}) IN OUT | --has PACKAGE`);
  process.exit(2);
}
const out = await MODES[arg](fs.readFileSync(inFile));
fs.writeFileSync(outFile, out, "utf8");
