// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk-frontend/govuk-frontend.min.js";
import { initTimeoutWarning } from "./timeout.js";

initAll();
initTimeoutWarning(document.querySelector('[data-module="app-timeout-warning"]'));
