// Fingers as a mouse. Emscripten's GLFW (3.1.6) takes a touch as a press at wherever the
// mouse last was, not where the finger is; here each touch on the canvas becomes the mouse
// events GLFW reads correctly, before GLFW's own touch listeners see it (this script runs
// first, and listeners run in the order they were added). The app treats a press and a
// drag as it does a mouse's: a tap presses, a drag scrolls.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var fingerId = null;

  function asMouse(type, touch) {
    canvas.dispatchEvent(new MouseEvent(type, {
      bubbles: true, cancelable: true, view: window, button: 0, buttons: type === 'mouseup' ? 0 : 1,
      clientX: touch.clientX, clientY: touch.clientY, screenX: touch.screenX, screenY: touch.screenY,
    }));
  }

  // A lifted finger points nowhere, but a mouse stays where it was and keeps the item
  // under it lit as hovered. Once the app has drawn the release (a press counts on
  // release over the item), the pointer leaves the canvas.
  function leaveAfterRelease() {
    var framesLeft = 3;
    (function wait() {
      if (fingerId !== null) return;
      if (framesLeft-- > 0) { requestAnimationFrame(wait); return; }
      canvas.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, view: window, clientX: -10000, clientY: -10000 }));
    })();
  }

  function handle(event) {
    event.stopImmediatePropagation();
    // No second, emulated click from the browser, and no page scroll or zoom.
    event.preventDefault();
    for (var i = 0; i < event.changedTouches.length; ++i) {
      var touch = event.changedTouches[i];
      if (event.type === 'touchstart' && fingerId === null) {
        fingerId = touch.identifier;
        asMouse('mousemove', touch);
        asMouse('mousedown', touch);
      } else if (touch.identifier !== fingerId) {
        continue;  // one finger at a time, as one mouse
      } else if (event.type === 'touchmove') {
        asMouse('mousemove', touch);
      } else {
        asMouse('mouseup', touch);
        fingerId = null;
        leaveAfterRelease();
      }
    }
  }

  ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function (type) {
    canvas.addEventListener(type, handle, { capture: true, passive: false });
  });
})();
