// Warn before the idle timeout and let people stay signed in (WCAG 2.2.1 Timing adjustable).
//
// Progressive enhancement: the markup is a closed <dialog> (accounts/timeout_warning.html),
// which browsers never show on their own. Without this script the page works as before and
// the server still signs people out after the idle limit, explaining why on the sign-in page.
//
// The server counts every request as activity (SessionLimitsMiddleware). Tabs share the time
// of the latest activity through localStorage, so working in one tab keeps the others quiet.

const STORAGE_KEY = "clearsight:last-activity";
const FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]), [tabindex]";

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// "4 minutes" while a minute or more is left, then "45 seconds".
function timeLeftText(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) return plural(Math.ceil(seconds / 60), "minute");
  return plural(seconds, "second");
}

// What the live region says, and when: each whole minute, then at 30 and 10 seconds.
function announcementFor(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds > 60) return `You will be signed out in ${plural(Math.ceil(seconds / 60), "minute")}.`;
  if (seconds > 30) return "You will be signed out in 1 minute.";
  if (seconds > 10) return "You will be signed out in 30 seconds.";
  return "You will be signed out in 10 seconds.";
}

function readShared() {
  try {
    return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
  } catch {
    return 0;
  }
}

function writeShared(time) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(time));
  } catch {
    // Storage switched off: each tab keeps its own clock, which is still safe.
  }
}

export function initTimeoutWarning(dialog) {
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  if (!(idleMs > 0) || !(warningMs > 0)) return;

  const form = dialog.querySelector("[data-timeout-form]");
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announcement = dialog.querySelector("[data-timeout-announcement]");
  const signInUrl = dialog.dataset.signInUrl;

  let lastActivity = Date.now();
  let lastAnnounced = "";
  let returnFocusTo = null;
  let extending = false;
  let timer = null;
  writeShared(lastActivity);

  function latestActivity() {
    return Math.max(lastActivity, readShared());
  }

  function open(left) {
    returnFocusTo = document.activeElement;
    countdown.textContent = timeLeftText(left);
    // Opening moves focus into the dialog, which reads out its text: no need to announce.
    lastAnnounced = announcementFor(left);
    dialog.showModal();
    const first = dialog.querySelector(FOCUSABLE);
    if (first) first.focus();
  }

  function close() {
    if (dialog.open) dialog.close();
    announcement.textContent = "";
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
    returnFocusTo = null;
  }

  function expire() {
    window.clearInterval(timer);
    // The server has already timed the session out: the sign-in page says why, and brings
    // the person back here afterwards.
    const here = window.location.pathname + window.location.search;
    window.location.assign(`${signInUrl}?next=${encodeURIComponent(here)}`);
  }

  function tick() {
    const left = latestActivity() + idleMs - Date.now();
    if (left <= 0) {
      expire();
      return;
    }
    if (left > warningMs) {
      if (dialog.open) close(); // another tab kept the session going
      return;
    }
    if (!dialog.open) open(left);
    countdown.textContent = timeLeftText(left);
    const message = announcementFor(left);
    if (message !== lastAnnounced) {
      announcement.textContent = message;
      lastAnnounced = message;
    }
  }

  async function extend() {
    if (extending) return;
    extending = true;
    try {
      const response = await window.fetch(form.action, {
        method: "POST",
        body: new FormData(form), // carries the CSRF token from the form
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.status === 204) {
        lastActivity = Date.now();
        writeShared(lastActivity);
        close();
      } else {
        expire(); // signed out already, or no longer allowed: go and sign in
      }
    } catch {
      announcement.textContent = "We could not keep you signed in. Check your connection and try again.";
    } finally {
      extending = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    extend();
  });

  // Escape means "not now": keep the session going rather than just hiding the warning.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    extend();
  });

  // Keep Tab and Shift+Tab inside the dialog.
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      extend();
      return;
    }
    if (event.key !== "Tab") return;
    const items = Array.from(dialog.querySelectorAll(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  // Another tab extended or loaded a page: check straight away.
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY) tick();
  });

  timer = window.setInterval(tick, 1000);
}
