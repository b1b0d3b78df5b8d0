// The window.api client for a plain browser, served by the studio bridge as /bridge-client.js?token=…
// and injected into the page by the bridge only (the app never ships it; in Electron the preload
// provides window.api). Same shape as the preload's: invoke(channel, input) resolves the value or
// rejects with an Error carrying `code`; on(event, listener) returns an unsubscribe function.
// One addition the preload does not need (its IPC cannot drop): onReconnect(listener) is called each
// time the socket opens again after it was lost. Events pushed meanwhile are gone, so the page reads
// `studio:snapshot` again there (renderer/src/store/connect.ts).
(function () {
  'use strict';
  if (window.api) return;
  var script = document.currentScript;
  var src = new URL(script && script.src ? script.src : location.href);
  var token = src.searchParams.get('token') || new URL(location.href).searchParams.get('token') || '';
  var wsUrl = 'ws://' + src.host + '/ws?token=' + encodeURIComponent(token);
  var socket = null;
  var nextId = 1;
  var retries = 0;
  var pending = new Map(); // id -> { resolve, reject }
  var outbox = []; // messages waiting for the socket to open
  var listeners = new Map(); // event -> Set<listener>
  var reconnectListeners = new Set();
  var everOpened = false;

  function ipcError(code, message) {
    var error = new Error(message);
    error.code = code;
    return error;
  }

  function connect() {
    socket = new WebSocket(wsUrl);
    socket.addEventListener('open', function () {
      retries = 0;
      var queued = outbox.splice(0);
      for (var i = 0; i < queued.length; i++) socket.send(queued[i].message);
      if (everOpened) {
        reconnectListeners.forEach(function (listener) {
          try {
            listener();
          } catch (error) {
            console.error(error);
          }
        });
      }
      everOpened = true;
    });
    socket.addEventListener('message', function (message) {
      var data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      if (data && data.id !== undefined && data.result) {
        var waiter = pending.get(data.id);
        if (!waiter) return;
        pending.delete(data.id);
        if (data.result.ok) waiter.resolve(data.result.value);
        else waiter.reject(ipcError(data.result.error.code, data.result.error.message));
      } else if (data && typeof data.event === 'string') {
        var set = listeners.get(data.event);
        if (!set) return;
        set.forEach(function (listener) {
          try {
            listener(data.payload);
          } catch (error) {
            console.error(error);
          }
        });
      }
    });
    socket.addEventListener('close', function () {
      // Requests already sent got no answer: fail them; queued ones go out after reconnecting.
      var queuedIds = new Set(
        outbox.map(function (entry) {
          return entry.id;
        }),
      );
      pending.forEach(function (waiter, id) {
        if (queuedIds.has(id)) return;
        pending.delete(id);
        waiter.reject(ipcError('disconnected', 'The connection to the studio was lost. Try again.'));
      });
      var wait = Math.min(5000, 250 * Math.pow(2, retries++));
      setTimeout(connect, wait);
    });
  }

  var api = Object.freeze({
    invoke: function (channel, input) {
      return new Promise(function (resolve, reject) {
        var id = nextId++;
        pending.set(id, { resolve: resolve, reject: reject });
        var message = JSON.stringify({ id: id, channel: channel, input: input });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
        else outbox.push({ id: id, message: message });
      });
    },
    on: function (event, listener) {
      if (typeof listener !== 'function') return function () {};
      var set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return function () {
        set.delete(listener);
      };
    },
    onReconnect: function (listener) {
      if (typeof listener !== 'function') return function () {};
      reconnectListeners.add(listener);
      return function () {
        reconnectListeners.delete(listener);
      };
    },
  });

  Object.defineProperty(window, 'api', { value: api, writable: false, configurable: false });
  connect();
})();
