// Camera scanning at the door. The page works without this file (search by name, or a photo of
// the ticket uploaded through the form); with it, the phone's camera reads QR codes continuously.
// Codes are read by the browser's own BarcodeDetector where it exists, otherwise a frame is sent
// to the server, which reads it. Nothing is loaded from anywhere else.
(function () {
  "use strict";
  const root = document.querySelector("[data-scanner]");
  if (!root || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const start = document.getElementById("scan-start");
  const stop = document.getElementById("scan-stop");
  const video = root.querySelector("video");
  const status = document.getElementById("scan-status");
  const result = document.getElementById("checkin-result");
  const url = root.dataset.scanUrl;
  const csrf = root.dataset.csrf;
  let stream = null;
  let busy = false;
  let timer = null;
  let lastText = "";
  let lastAt = 0;
  const detector = ("BarcodeDetector" in window) ? new window.BarcodeDetector({formats: ["qr_code"]}) : null;
  start.hidden = false;

  function say(text) { status.textContent = text; }

  function send(body) {
    busy = true;
    return fetch(url, {method: "POST", body: body, headers: {"X-CSRFToken": csrf, "HX-Request": "true"}, credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 204) return null;
        return response.text();
      })
      .then(function (html) {
        if (html) {
          result.innerHTML = html;
          if (window.htmx) window.htmx.process(result);
          const heading = result.querySelector("h3, h2");
          if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        }
      })
      .catch(function () { say(root.dataset.errorText); })
      .finally(function () { busy = false; });
  }

  function tick() {
    if (!stream || busy || video.readyState < 2) return;
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (!codes.length) return;
        const text = codes[0].rawValue;
        const now = Date.now();
        if (text === lastText && now - lastAt < 4000) return;
        lastText = text; lastAt = now;
        const body = new FormData();
        body.append("code", text);
        send(body);
      }).catch(function () {});
      return;
    }
    const canvas = document.createElement("canvas");
    const scale = Math.min(1, 800 / (video.videoWidth || 800));
    canvas.width = Math.round((video.videoWidth || 640) * scale);
    canvas.height = Math.round((video.videoHeight || 480) * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(function (blob) {
      if (!blob) return;
      const body = new FormData();
      body.append("image", blob, "frame.jpg");
      send(body);
    }, "image/jpeg", 0.8);
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.play();
        root.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        say(root.dataset.readyText);
        timer = window.setInterval(tick, detector ? 300 : 900);
      })
      .catch(function () { say(root.dataset.deniedText); });
  });

  stop.addEventListener("click", function () {
    if (timer) window.clearInterval(timer);
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    root.hidden = true;
    start.hidden = false;
    stop.hidden = true;
    say("");
  });
})();
