// The warning before the session ends (GOV.UK's timeout pattern): a modal dialog a few minutes
// before the portal logs the user out, with a button to stay logged in. The focus moves into
// the dialog, Escape means "stay logged in", and screen readers hear the time left when the
// dialog opens, each minute and at 30 seconds. Without this file the dialog never opens.
(function () {
  "use strict";
  var dialog = document.querySelector("dialog[data-session-timeout]");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch || !window.FormData) {
    return;
  }
  var warnBefore = Number(dialog.getAttribute("data-warn-before")) * 1000;
  var endsAt = Date.now() + Number(dialog.getAttribute("data-seconds-left")) * 1000;
  var warning = dialog.querySelector("[data-session-warning]");
  var ended = dialog.querySelector("[data-session-ended]");
  var countdown = dialog.querySelector("[data-session-countdown]");
  var announce = dialog.querySelector("[data-session-announce]");
  var form = dialog.querySelector("form[data-session-keep-alive]");
  var warnTimer = null;
  var tick = null;
  var before = null;

  function text(name, n) {
    return (dialog.getAttribute("data-text-" + name) || "").replace("{n}", String(n));
  }

  function timeLeft(seconds) {
    if (seconds > 60) {
      return text("minutes", Math.ceil(seconds / 60));
    }
    if (seconds === 60) {
      return text("minute");
    }
    if (seconds === 1) {
      return text("second");
    }
    return text("seconds", seconds);
  }

  function secondsLeft() {
    return Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  }

  function update(first) {
    var left = secondsLeft();
    countdown.textContent = timeLeft(left);
    if (first || (left > 0 && (left % 60 === 0 || left === 30))) {
      announce.textContent = text("left").replace("{time}", timeLeft(left));
    }
    if (left === 0) {
      end();
    }
  }

  function open() {
    if (!dialog.open) {
      before = document.activeElement;
      show(warning);
      dialog.showModal();
      warning.querySelector("h2").focus();
    }
    update(true);
    clearInterval(tick);
    tick = setInterval(update, 1000);
  }

  function show(part) {
    warning.hidden = part !== warning;
    ended.hidden = part !== ended;
    dialog.setAttribute("aria-labelledby", part.querySelector("h2").id);
  }

  function end() {
    clearInterval(tick);
    show(ended);
    ended.querySelector("h2").focus();
  }

  function close() {
    clearInterval(tick);
    announce.textContent = "";
    dialog.close();
    if (before && typeof before.focus === "function") {
      before.focus();
    }
  }

  function schedule() {
    clearTimeout(warnTimer);
    warnTimer = setTimeout(open, Math.max(0, endsAt - warnBefore - Date.now()));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("not extended");
      }
      return response.json();
    }).then(function (answer) {
      endsAt = Date.now() + answer.seconds_left * 1000;
      close();
      schedule();
    }).catch(function () {
      end();
    });
  });

  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    if (ended.hidden) {
      form.requestSubmit();
    } else {
      close();
    }
  });
  dialog.querySelector("[data-session-close]").addEventListener("click", close);

  schedule();
})();
