// A phone opens its keyboard only for a focused HTML field, never for a canvas. While the
// app wants text (ImGui's WantTextInput, reported by platform/window.cpp) a hidden field
// has the focus; what is typed there, composed characters such as "ş" and "é" included,
// goes to the app as characters, and Backspace as a key.
(function () {
  'use strict';
  var field = document.getElementById('keyboard');
  // One character stays in the field: a phone's keyboard sends Backspace on an empty
  // field as nothing at all, while deleting this character is an input event.
  var KEEP = ' ';
  var composing = false;

  function reset() {
    field.value = KEEP;
    field.setSelectionRange(KEEP.length, KEEP.length);
  }

  function forward() {
    var value = field.value;
    if (value.length < KEEP.length) {
      Module._dc_tap_backspace();
    } else {
      var typed = value.slice(KEEP.length);
      if (typed.length > 0) Module.ccall('dc_type_text', null, ['string'], [typed]);
    }
    reset();
  }

  field.addEventListener('compositionstart', function () { composing = true; });
  field.addEventListener('compositionend', function () { composing = false; forward(); });
  field.addEventListener('input', function () { if (!composing) forward(); });

  // GLFW turns keypress events on the window into characters too; those typed into the
  // field arrive through its input events instead, once. This listener is registered
  // before GLFW's (this script runs first), so it can keep them from GLFW.
  window.addEventListener('keypress', function (event) {
    if (event.target === field) event.stopImmediatePropagation();
  }, true);

  var wanted = false;
  function takeFocus() {
    if (document.activeElement === field) return;
    reset();
    field.focus({ preventScroll: true });
  }
  Module.digicoachTextInput = function (wantedNow) {
    wanted = !!wantedNow;
    if (wanted) takeFocus();
    else if (document.activeElement === field) field.blur();
  };
  // A tap on the canvas takes the focus from the field, while the app may still want text
  // (a tap inside the same text field). Taking it back within the tap itself is also what
  // lets iOS open its keyboard, which it does only inside a user's gesture.
  var canvas = document.getElementById('canvas');
  ['pointerup', 'focus'].forEach(function (type) {
    canvas.addEventListener(type, function () { if (wanted) takeFocus(); });
  });
})();
