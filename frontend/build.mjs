// Builds the front end: GOV.UK Frontend Sass compiled with Arial, and our small scripts.
// Output goes to frontend/build/, which Django's staticfiles collects.
import { mkdirSync, writeFileSync, cpSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "build");
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const started = Date.now();
const result = sass.compile(join(here, "scss", "app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "app.css"), result.css);
cpSync(join(here, "js"), join(out, "js"), { recursive: true });
console.log(`front end built in ${Date.now() - started} ms -> ${out}`);
