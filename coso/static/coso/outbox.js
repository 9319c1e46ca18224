/* The outbox of visits recorded on this phone (IndexedDB), shared by the pages and the
 * service worker (importScripts). Nothing here touches the page: offline.js draws it.
 *
 * An entry: {client_id, user_id, cadre_id, status: "pending" | "refused", saved_at,
 *            fields: {unit_id, unit_name, start_date, end_date (ISO), form, form_label,
 *                     content, findings, problems, proposals, is_ad_hoc},
 *            position: {latitude, longitude, accuracy_m} | null,
 *            photos: [{client_id, blob}], errors: [{field, message}], visit_id}
 * Entries stay until the server has them (201, or 200 for an id it already holds); a refusal
 * keeps the entry with its reasons. Signing out does not delete them; they are sent only in
 * the session of the user who saved them. The context (the cadre's units, forms, blackout
 * days) is the signed-in user's own, cleared at sign-out.
 */
(function (root) {
  "use strict";
  var DB_NAME = "coso";
  var DB_VERSION = 1;
  var CONTEXT_URL = "/visits/offline/context/";
  var VISITS_API = "/api/visits/visits";
  var dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = root.indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains("outbox")) { db.createObjectStore("outbox", { keyPath: "client_id" }); }
          if (!db.objectStoreNames.contains("context")) { db.createObjectStore("context", { keyPath: "key" }); }
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        var request = work(tx.objectStore(store));
        if (request) { request.onsuccess = function () { result = request.result; }; }
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function put(entry) { return run("outbox", "readwrite", function (s) { return s.put(entry); }); }
  function get(id) { return run("outbox", "readonly", function (s) { return s.get(id); }); }
  function remove(id) { return run("outbox", "readwrite", function (s) { return s.delete(id); }); }
  function all() {
    return run("outbox", "readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return (a.saved_at || "").localeCompare(b.saved_at || ""); });
    });
  }
  function saveContext(ctx) {
    var row = Object.assign({ key: "current", saved_at: new Date().toISOString() }, ctx);
    delete row.csrf_token;  // a token is asked for again before each send
    return run("context", "readwrite", function (s) { return s.put(row); });
  }
  function getContext() { return run("context", "readonly", function (s) { return s.get("current"); }); }
  function clearContext() { return run("context", "readwrite", function (s) { return s.delete("current"); }); }

  function uuid() {
    var c = root.crypto;
    if (c && c.randomUUID) { return c.randomUUID(); }
    var b = new Uint8Array(16);
    c.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* "12/03/2025" (or "2025-03-12") -> "2025-03-12"; null when it is not a real date. */
  function isoDate(text) {
    text = (text || "").trim();
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    var y, mo, d;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; } else {
      m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!m) { return null; }
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) { return null; }
    return date.toISOString().slice(0, 10);
  }
  function showDate(iso) {
    if (!iso) { return ""; }
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function number(value) {
    if (value === null || value === undefined || value === "") { return null; }
    var n = Number(value);
    return isFinite(n) ? n : null;
  }

  /* An outbox entry from the record form's fields (FormData of the online form or of the
   * offline page; also what the service worker reads from a POST that could not leave). */
  function entryFromFormData(data, ctx) {
    var contextPromise = ctx ? Promise.resolve(ctx) : getContext();
    return contextPromise.then(function (context) {
      if (!context || !context.cadre) { return null; }
      var unitId = number(data.get("unit"));
      var unit = (context.cadre.units || []).filter(function (u) { return u.id === unitId; })[0];
      var formValue = data.get("form") || context.cadre.default_form;
      var kind = (context.cadre.forms || []).filter(function (f) { return f.value === formValue; })[0];
      var start = isoDate(data.get("start_date"));
      var lat = number(data.get("latitude"));
      var lon = number(data.get("longitude"));
      var photos = [];
      data.getAll("photos").forEach(function (file) {
        if (file && file.size) { photos.push({ client_id: uuid(), blob: file }); }
      });
      return {
        client_id: data.get("client_id") || uuid(),
        user_id: context.user_id,
        cadre_id: context.cadre.id,
        cadre_name: context.cadre.name,
        status: "pending",
        saved_at: new Date().toISOString(),
        fields: {
          unit_id: unitId,
          unit_name: unit ? unit.name : (data.get("unit_name") || ""),
          unit_code: unit ? (unit.code || "") : "",
          start_date: start,
          end_date: isoDate(data.get("end_date")) || start,
          form: formValue,
          form_label: kind ? kind.label : formValue,
          content: data.get("content") || "",
          findings: data.get("findings") || "",
          problems: data.get("problems") || "",
          proposals: data.get("proposals") || "",
          is_ad_hoc: data.get("is_ad_hoc") === "on" || data.get("is_ad_hoc") === "true"
        },
        position: lat !== null && lon !== null ? { latitude: lat, longitude: lon, accuracy_m: number(data.get("accuracy")) } : null,
        photos: photos,
        errors: []
      };
    });
  }

  function apiBody(entry) {
    var f = entry.fields;
    var body = {
      client_id: entry.client_id,
      cadre_id: entry.cadre_id,
      unit_id: f.unit_id,
      start_date: f.start_date,
      end_date: f.end_date || f.start_date,
      form: f.form,
      content: f.content,
      findings: f.findings,
      problems: f.problems,
      proposals: f.proposals,
      is_ad_hoc: !!f.is_ad_hoc
    };
    if (entry.position) {
      body.latitude = entry.position.latitude;
      body.longitude = entry.position.longitude;
      body.location_accuracy_m = entry.position.accuracy_m;
    }
    return body;
  }

  function base64(blob) {
    return blob.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var text = "";
      for (var i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      return root.btoa(text);
    });
  }

  function errorsOf(status, body) {
    if (body && body.violations) {
      return body.violations.map(function (v) { return { field: v.field || null, message: v.message }; });
    }
    if (body && body.detail) {
      return [{ field: null, message: "Dữ liệu chưa đúng: hãy sửa lại chuyến đi (" + status + ")." }];
    }
    return [{ field: null, message: "Máy chủ không nhận chuyến đi (" + status + ")." }];
  }

  function sendPhotos(entry, visitId, headers) {
    var chain = Promise.resolve();
    (entry.photos || []).forEach(function (photo) {
      chain = chain.then(function () {
        return base64(photo.blob).then(function (content) {
          return fetch(VISITS_API + "/" + visitId + "/photos", {
            method: "POST",
            credentials: "same-origin",
            headers: headers,
            body: JSON.stringify({ client_id: photo.client_id, content_base64: content })
          });
        }).then(function (response) {
          if (!response.ok && response.status >= 500) { throw new Error("photo " + response.status); }
        });
      });
    });
    return chain;
  }

  function sendOne(entry, headers) {
    return fetch(VISITS_API, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: JSON.stringify(apiBody(entry))
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.status === 200 || response.status === 201) {
          return sendPhotos(entry, body.id, headers).then(function () {
            return remove(entry.client_id).then(function () { return "sent"; });
          });
        }
        if (response.status === 401) { return "signed_out"; }
        if (response.status >= 500) { return "pending"; }
        entry.status = "refused";
        entry.errors = errorsOf(response.status, body);
        entry.refused_at = new Date().toISOString();
        return put(entry).then(function () { return "refused"; });
      });
    });
  }

  var sending = null;

  /* Send every pending entry of the signed-in user. Resolves {sent, refused, pending,
   * offline, signedOut}; never rejects. */
  function sendAll() {
    if (sending) { return sending; }
    var work = function () {
      var result = { sent: 0, refused: 0, pending: 0, offline: false, signedOut: false };
      return all().then(function (entries) {
        if (!entries.length) { return result; }
        return fetch(CONTEXT_URL, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
          .then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (!response.ok || response.redirected || type.indexOf("json") === -1) {
              result.signedOut = true;
              return null;
            }
            return response.json();
          }, function () { result.offline = true; return null; })
          .then(function (ctx) {
            if (!ctx) { result.pending = entries.length; return result; }
            saveContext(ctx);
            var headers = { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": ctx.csrf_token };
            var chain = Promise.resolve();
            entries.forEach(function (entry) {
              chain = chain.then(function () {
                if (entry.user_id !== ctx.user_id || entry.status === "refused" || result.offline || result.signedOut) {
                  if (entry.status !== "refused") { result.pending += 1; }
                  return null;
                }
                return sendOne(entry, headers).then(function (outcome) {
                  if (outcome === "sent") { result.sent += 1; }
                  else if (outcome === "refused") { result.refused += 1; }
                  else if (outcome === "signed_out") { result.signedOut = true; result.pending += 1; }
                  else { result.pending += 1; }
                }, function () { result.offline = true; result.pending += 1; });
              });
            });
            return chain.then(function () { return result; });
          });
      }).catch(function () { result.offline = true; return result; });
    };
    var locked = root.navigator && root.navigator.locks
      ? root.navigator.locks.request("coso-outbox", work)
      : work();
    sending = Promise.resolve(locked).then(function (result) { sending = null; return result; }, function () {
      sending = null;
      return { sent: 0, refused: 0, pending: 0, offline: true, signedOut: false };
    });
    return sending;
  }

  /* The outbox as a file the visits import reads (.json, "Nhập chuyến đi từ Excel"). */
  function exportJson(entries) {
    return JSON.stringify({
      format: "coso-outbox",
      version: 1,
      exported_at: new Date().toISOString(),
      visits: entries.map(function (entry) {
        var body = apiBody(entry);
        body.unit_name = entry.fields.unit_name;
        body.unit_code = entry.fields.unit_code || "";
        body.cadre_name = entry.cadre_name || "";
        body.errors = entry.errors || [];
        return body;
      })
    }, null, 2);
  }

  root.CosoOutbox = {
    CONTEXT_URL: CONTEXT_URL,
    open: open, put: put, get: get, remove: remove, all: all,
    saveContext: saveContext, getContext: getContext, clearContext: clearContext,
    entryFromFormData: entryFromFormData, sendAll: sendAll, exportJson: exportJson,
    uuid: uuid, isoDate: isoDate, showDate: showDate
  };
})(typeof self !== "undefined" ? self : window);
