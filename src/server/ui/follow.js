// The job page's only script (served from this service, as its content security policy
// requires): follows the logs of a job that has not finished without reloading the page. Every
// 2 s it reads each followed container's log (the end of it) and the job's state, which the log
// download reports in `X-Job-State`; when the state changes, it reloads the page once to show it.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("pre[data-follow]");
  var stateElement = document.getElementById("job-state");
  if (boxes.length === 0 || !stateElement) {
    return;
  }
  var shownState = stateElement.getAttribute("data-state");
  var MAX_CHARS = 256 * 1024;

  function poll() {
    var reads = Array.prototype.map.call(boxes, function (pre) {
      return fetch(pre.getAttribute("data-follow"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            return null;
          }
          var state = response.headers.get("X-Job-State");
          return response.text().then(function (text) {
            if (text.length > MAX_CHARS) {
              text = text.slice(text.length - MAX_CHARS);
            }
            if (text !== pre.textContent) {
              pre.textContent = text;
            }
            return state;
          });
        })
        .catch(function () {
          return null;
        });
    });
    Promise.all(reads).then(function (states) {
      var state = states.filter(function (s) { return s; })[0];
      if (state && state !== shownState) {
        window.location.reload();
        return;
      }
      window.setTimeout(poll, 2000);
    });
  }
  window.setTimeout(poll, 2000);
})();
