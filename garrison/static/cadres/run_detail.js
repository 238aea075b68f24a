"use strict";
// The placement proposal's page (cadres/run_detail.html), loaded where the proposal can be
// adjusted: no inline script, so the Content-Security-Policy allows scripts from the site only.
// "Pin…" on a row: choose its post in the pin form without reloading the page (the link
// does the same through the server when scripts are off)
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-pin]");
  var select = document.querySelector("#pin-form select[name=post]");
  if (!link || !select) return;
  event.preventDefault();
  select.value = link.dataset.pin;
  document.getElementById("pin-form").scrollIntoView();
  var cadre = document.querySelector("#pin-form select[name=profile]");
  if (cadre) cadre.focus();
});
