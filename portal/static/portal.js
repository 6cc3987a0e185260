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
