// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
})();

// Attachments: with JavaScript the chosen files are sent in the background so that the page can
// show how far the upload has come. The server answers with the address of the page that shows
// the outcome. Without JavaScript the same form is an ordinary post.
(function () {
  "use strict";
  if (!window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var forms = document.querySelectorAll("form[data-upload-form]");
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input[type=file]");
    var box = form.querySelector("[data-upload-progress]");
    var status = form.querySelector("[data-upload-status]");
    if (!input || !box || !status) {
      return;
    }
    var bar = box.querySelector("progress");
    var sending = false;

    function say(name, percent) {
      var text = status.getAttribute("data-text-" + name) || "";
      status.textContent = text.replace("{percent}", String(percent));
    }

    function buttons(disabled) {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
        button.disabled = disabled;
      });
    }

    form.addEventListener("submit", function (event) {
      if (!input.files || input.files.length === 0) {
        return; // nothing to upload: the ordinary post is quick
      }
      event.preventDefault();
      if (sending) {
        return;
      }
      sending = true;
      var data = new FormData(form);
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        data.append(submitter.name, submitter.value);
      }
      var announced = -1;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) {
          return;
        }
        var percent = Math.floor((e.loaded / e.total) * 100);
        bar.value = percent;
        // Screen readers hear every tenth percent, not every event.
        if (percent >= announced + 10) {
          announced = percent - (percent % 10);
          say("progress", announced);
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        say("done", 100);
      });
      function failed() {
        sending = false;
        box.hidden = true;
        buttons(false);
        say("failed", 0);
      }
      xhr.addEventListener("load", function () {
        var answer = xhr.response;
        if (xhr.status === 200 && answer && answer.location) {
          var target = new URL(answer.location, window.location.href);
          if (target.hash && target.pathname === window.location.pathname &&
              target.search === window.location.search) {
            // This page again with a fragment (#bilag-liste): assigning that would only
            // scroll, and the outcome would never be shown. Load the page anew instead.
            target.hash = "";
          }
          window.location.assign(target.href);
        } else {
          failed();
        }
      });
      xhr.addEventListener("error", failed);
      xhr.addEventListener("abort", failed);
      box.hidden = false;
      bar.value = 0;
      say("progress", 0);
      buttons(true);
      xhr.send(data);
    });
  });
})();

// The caseworker's case page folds its sections (the DKFDS accordion, [data-folds]). The page
// comes with every section open, so that without JavaScript all of it is there. This browser
// remembers which sections the caseworker folded; a link to a section, or to a field in one,
// opens it; a section with an error in it is never folded.
(function () {
  "use strict";
  var group = document.querySelector("[data-folds]");
  if (!group) {
    return;
  }
  var KEY = "portal.folded-sections";
  var buttons = group.querySelectorAll("button[data-fold]");

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function remember() {
    var folded = [];
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.getAttribute("aria-expanded") === "false") {
        folded.push(button.getAttribute("data-fold"));
      }
    });
    try {
      window.localStorage.setItem(KEY, JSON.stringify(folded));
    } catch (e) {
      // Private browsing without storage: the sections just open again next time.
    }
  }

  function show(button, open) {
    var content = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    content.setAttribute("aria-hidden", open ? "false" : "true");
  }

  function hasError(button) {
    var content = document.getElementById(button.getAttribute("aria-controls"));
    return content.querySelector(".form-error, [aria-invalid='true']") !== null;
  }

  // Open the section that holds (or is headed by) the element with this id.
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target || !group.contains(target)) {
      return;
    }
    Array.prototype.forEach.call(buttons, function (button) {
      var content = document.getElementById(button.getAttribute("aria-controls"));
      var heading = button.parentNode;
      if (content.contains(target) || heading === target || heading.parentNode === target) {
        if (button.getAttribute("aria-expanded") === "false") {
          show(button, true);
          remember();
        }
      }
    });
  }

  var folded = remembered();
  var wanted = window.location.hash.slice(1);
  Array.prototype.forEach.call(buttons, function (button) {
    if (folded.indexOf(button.getAttribute("data-fold")) !== -1 && !hasError(button)) {
      show(button, false);
    }
    button.addEventListener("fds.accordion.open", remember);
    button.addEventListener("fds.accordion.close", remember);
  });
  reveal(decodeURIComponent(wanted));

  // In the capturing phase: the section is open before the error summary's own handler
  // moves the focus to the field in it.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (link) {
        reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
      }
    },
    true
  );
  window.addEventListener("hashchange", function () {
    reveal(decodeURIComponent(window.location.hash.slice(1)));
  });
})();
