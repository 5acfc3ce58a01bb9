// The preview's page reloads itself when the preview server has built a new version of it.
// The version this page shows is in this script's own address (?v=N); the server's is at /__version.
(function () {
  var shown = new URL(document.currentScript.src).searchParams.get("v");
  function poll() {
    fetch("/__version", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (version !== shown) { location.reload(); } else { setTimeout(poll, 200); }
      })
      .catch(function () { setTimeout(poll, 1000); });  // the server is restarting, or stopped
  }
  poll();
})();
