// Runs before the app's main(): the app's data folder /data lives in IndexedDB. It is
// read in before main opens the database, and written out on request of the app
// (platform/persist.cpp), which shows "saved" only once the write is done.
Module.preRun = Module.preRun || [];
Module.preRun.push(function () {
  FS.mkdir('/data');
  FS.mount(IDBFS, {}, '/data');
  addRunDependency('digicoach-data');
  FS.syncfs(true, function (error) {
    if (error) console.error('digicoach: the stored data could not be read', error);
    removeRunDependency('digicoach-data');
  });
});

Module.digicoachPersist = function () {
  FS.syncfs(false, function (error) {
    if (error) console.error('digicoach: the browser did not store the data', error);
    Module._dc_persisted(error ? 0 : 1);
  });
};

// Closing the tab while a write is still on its way to IndexedDB: the browser asks first.
window.addEventListener('beforeunload', function (event) {
  if (Module._dc_persist_pending && Module._dc_persist_pending()) {
    event.preventDefault();
    event.returnValue = '';
  }
});
