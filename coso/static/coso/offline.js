/* Field-ready pages: the service worker, the outbox badge and panel, and the record form
 * when there is no network (saves into the outbox), with the phone's location and photos
 * resized on the phone. Loaded on every page (base.html) and by the offline page.
 */
(function () {
  "use strict";
  var O = window.CosoOutbox;
  var EN = document.documentElement.lang === "en";
  var T = {
    "Chưa gửi": "Not sent",
    "chuyến": "visit(s)",
    "Gửi ngay": "Send now",
    "Tải tệp (.json)": "Download file (.json)",
    "Sửa": "Edit",
    "Bỏ": "Discard",
    "Bỏ chuyến đi này khỏi máy? Không lấy lại được.": "Discard this visit from the phone? It cannot be recovered.",
    "Bị từ chối": "Refused",
    "Chờ gửi": "Waiting to be sent",
    "Đã gửi %n chuyến đi.": "%n visit(s) sent.",
    "Chưa có mạng: chuyến đi được giữ trên máy, sẽ gửi khi có mạng.": "No network: the visits stay on the phone and will be sent when the network is back.",
    "Hãy đăng nhập để gửi các chuyến đi đã lưu trên máy.": "Sign in to send the visits saved on this phone.",
    "%n chuyến đi bị từ chối: xem lý do bên dưới, sửa hoặc bỏ.": "%n visit(s) refused: see the reasons below, edit or discard.",
    "Đã lưu chuyến đi vào máy (chưa gửi). Khi có mạng, chuyến đi sẽ được gửi.": "Visit saved on the phone (not sent yet). It will be sent when the network is back.",
    "Hãy chọn đơn vị đến.": "Choose the unit visited.",
    "Ngày không hợp lệ: hãy ghi dd/mm/yyyy.": "Invalid date: write dd/mm/yyyy.",
    "Ngày kết thúc phải từ ngày bắt đầu trở đi.": "The end date must be on or after the start date.",
    "là ngày không đi cơ sở": "is a day without visits",
    "Đang lấy vị trí…": "Getting the location…",
    "Đã có vị trí (± %n m).": "Location taken (± %n m).",
    "Không lấy được vị trí: chuyến đi vẫn được ghi, với nhãn «không có vị trí».": "No location: the visit is still recorded, labelled \"no location\".",
    "Đang thu nhỏ ảnh…": "Resizing the photos…",
    "%n ảnh, đã thu nhỏ.": "%n photo(s), resized.",
    "Không thu nhỏ được ảnh này: hãy chọn ảnh khác (JPEG hoặc PNG).": "This photo could not be resized: choose another one (JPEG or PNG).",
    "Ngày": "Date",
    "Đơn vị đến": "Unit visited",
    "Hình thức": "Form",
    "Việc đã làm": "What was done",
    "Vị trí": "Location",
    "của tài khoản khác, chỉ gửi được khi tài khoản đó đăng nhập": "of another account: sent only when that account signs in",
    "không có vị trí": "no location",
    "ảnh": "photo(s)"
  };
  function t(text, n) {
    var out = EN && T[text] ? T[text] : text;
    return n === undefined ? out : out.replace("%n", n);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  var userId = function () {
    var id = document.body && document.body.dataset.userId;
    return id ? Number(id) : null;
  };

  // ------------------------------------------------------------------ service worker

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !O) { return; }
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    // Marks the page once the worker controls it (offline work is possible from then on).
    var mark = function () {
      if (navigator.serviceWorker.controller) { document.documentElement.dataset.swControlled = "1"; }
    };
    mark();
    navigator.serviceWorker.addEventListener("controllerchange", mark);
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "coso-outbox") { refresh(event.data.result); }
    });
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("coso-outbox"); }
    }).catch(function () {});
  }

  // ------------------------------------------------------------------ badge and panel

  var lastMessage = null;

  function describe(result) {
    if (!result) { return null; }
    var parts = [];
    if (result.sent) { parts.push({ kind: "success", text: t("Đã gửi %n chuyến đi.", result.sent) }); }
    if (result.refused) { parts.push({ kind: "danger", text: t("%n chuyến đi bị từ chối: xem lý do bên dưới, sửa hoặc bỏ.", result.refused) }); }
    if (result.offline && result.pending) { parts.push({ kind: "warning", text: t("Chưa có mạng: chuyến đi được giữ trên máy, sẽ gửi khi có mạng.") }); }
    if (result.signedOut && result.pending) { parts.push({ kind: "warning", text: t("Hãy đăng nhập để gửi các chuyến đi đã lưu trên máy.") }); }
    return parts;
  }

  function mine(entries) {
    var me = userId();
    if (me === null) { return entries; }
    return entries.filter(function (e) { return e.user_id === me; });
  }

  function drawBadges(entries) {
    var count = mine(entries).length;
    document.querySelectorAll("[data-outbox-badge]").forEach(function (badge) {
      badge.hidden = count === 0;
      badge.textContent = t("Chưa gửi") + " — " + count + " " + t("chuyến");
    });
  }

  function fieldLine(label, value, errors) {
    var row = el("div", { "class": "outbox-field" }, [el("span", { "class": "text-muted", text: label + ": " }), el("span", { text: value })]);
    errors.forEach(function (error) {
      row.appendChild(el("div", { "class": "text-danger small", "data-testid": "outbox-error", text: error.message }));
    });
    return row;
  }

  function drawPanel(entries) {
    document.querySelectorAll("[data-outbox-panel]").forEach(function (panel) {
      var list = panel.querySelector("[data-outbox-list]");
      var messages = panel.querySelector("[data-outbox-messages]");
      if (messages && lastMessage) {
        messages.textContent = "";
        lastMessage.forEach(function (m) {
          messages.appendChild(el("div", { "class": "alert alert-" + m.kind + " py-2", role: "status", text: m.text }));
        });
      }
      panel.hidden = entries.length === 0 && !(lastMessage && lastMessage.length);
      var title = panel.querySelector("[data-outbox-title]");
      if (title) { title.textContent = t("Chưa gửi") + " — " + mine(entries).length + " " + t("chuyến"); }
      if (!list) { return; }
      list.textContent = "";
      var me = userId();
      entries.forEach(function (entry) {
        var f = entry.fields;
        var errors = entry.errors || [];
        var on = function (names) {
          return errors.filter(function (e) { return names.indexOf(e.field) !== -1; });
        };
        var known = ["unit", "unit_id", "start_date", "end_date", "form", "location", "content"];
        var general = errors.filter(function (e) { return known.indexOf(e.field) === -1; });
        var dates = O.showDate(f.start_date) + (f.end_date && f.end_date !== f.start_date ? " – " + O.showDate(f.end_date) : "");
        var state = entry.status === "refused"
          ? el("span", { "class": "badge text-bg-danger", text: t("Bị từ chối") })
          : el("span", { "class": "badge text-bg-warning", text: t("Chờ gửi") });
        var card = el("li", { "class": "list-group-item", "data-testid": "outbox-entry", "data-client-id": entry.client_id }, [
          el("div", { "class": "d-flex justify-content-between gap-2" }, [el("strong", { text: f.unit_name || "?" }), state]),
          general.length ? el("div", {}, general.map(function (e) {
            return el("div", { "class": "text-danger small", "data-testid": "outbox-error", text: e.message });
          })) : null,
          fieldLine(t("Đơn vị đến"), f.unit_name || "?", on(["unit", "unit_id"])),
          fieldLine(t("Ngày"), dates, on(["start_date", "end_date"])),
          fieldLine(t("Hình thức"), f.form_label || f.form, on(["form"])),
          f.content ? fieldLine(t("Việc đã làm"), f.content, on(["content"])) : null,
          fieldLine(t("Vị trí"), entry.position ? "± " + Math.round(entry.position.accuracy_m || 0) + " m" : t("không có vị trí"), on(["location"])),
          entry.photos && entry.photos.length ? el("div", { "class": "small text-muted", text: entry.photos.length + " " + t("ảnh") }) : null,
          me !== null && entry.user_id !== me ? el("div", { "class": "small text-muted", text: t("của tài khoản khác, chỉ gửi được khi tài khoản đó đăng nhập") }) : null
        ]);
        var actions = el("div", { "class": "d-flex gap-2 mt-2" });
        if (me === null || entry.user_id === me) {
          var edit = el("button", { type: "button", "class": "btn btn-sm btn-outline-primary", "data-outbox-edit": entry.client_id, text: t("Sửa") });
          actions.appendChild(edit);
        }
        actions.appendChild(el("button", { type: "button", "class": "btn btn-sm btn-outline-danger", "data-outbox-discard": entry.client_id, text: t("Bỏ") }));
        card.appendChild(actions);
        list.appendChild(card);
      });
    });
  }

  function refresh(result) {
    if (!O) { return Promise.resolve(); }
    if (result) { lastMessage = describe(result); }
    return O.all().then(function (entries) {
      drawBadges(entries);
      drawPanel(entries);
      return entries;
    }).catch(function () {});
  }

  function sendNow() {
    if (!O) { return Promise.resolve(); }
    return O.sendAll().then(refresh);
  }

  // ------------------------------------------------------------------ location and photos

  function takePosition(form) {
    var status = form.querySelector("[data-location-status]");
    var set = function (name, value) {
      var input = form.querySelector("[name='" + name + "']");
      if (input) { input.value = value === null || value === undefined ? "" : String(value); }
    };
    if (!navigator.geolocation) {
      if (status) { status.textContent = t("Không lấy được vị trí: chuyến đi vẫn được ghi, với nhãn «không có vị trí»."); }
      return;
    }
    if (status) { status.textContent = t("Đang lấy vị trí…"); }
    navigator.geolocation.getCurrentPosition(function (position) {
      var c = position.coords;
      set("latitude", c.latitude.toFixed(6));
      set("longitude", c.longitude.toFixed(6));
      set("accuracy", Math.round(c.accuracy));
      if (status) {
        status.textContent = t("Đã có vị trí (± %n m).", Math.round(c.accuracy));
        status.dataset.located = "1";
      }
    }, function () {
      if (status) { status.textContent = t("Không lấy được vị trí: chuyến đi vẫn được ghi, với nhãn «không có vị trí»."); }
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  }

  var MAX_SIDE = 1600;

  /* Draw the photo on a canvas at most 1600 px wide or high and re-encode it as JPEG: the
   * new file carries no EXIF metadata (no location, no camera serial). The picture is decoded
   * by createImageBitmap (no URL, so nothing for the page's Content-Security-Policy to block),
   * or by an <img> of a blob: URL where that is missing (img-src allows blob:). */
  function decode(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return createImageBitmap(file);
      }).then(function (bitmap) {
        return { source: bitmap, width: bitmap.width, height: bitmap.height, done: function () { bitmap.close(); } };
      });
    }
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        resolve({ source: img, width: img.naturalWidth, height: img.naturalHeight, done: function () { URL.revokeObjectURL(url); } });
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function resize(file) {
    return decode(file).then(function (picture) {
      return new Promise(function (resolve, reject) {
        var scale = Math.min(1, MAX_SIDE / Math.max(picture.width, picture.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(picture.width * scale));
        canvas.height = Math.max(1, Math.round(picture.height * scale));
        canvas.getContext("2d").drawImage(picture.source, 0, 0, canvas.width, canvas.height);
        picture.done();
        canvas.toBlob(function (blob) {
          if (!blob) { reject(new Error("encode")); return; }
          resolve(new File([blob], (file.name || "anh").replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }));
        }, "image/jpeg", 0.82);
      });
    });
  }

  function watchPhotos(form) {
    var input = form.querySelector("input[type=file][name=photos]");
    if (!input) { return; }
    var status = form.querySelector("[data-photo-status]");
    input.addEventListener("change", function () {
      if (input.dataset.resized === "1") { input.dataset.resized = ""; return; }
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) { return; }
      if (status) { status.textContent = t("Đang thu nhỏ ảnh…"); }
      // Saving waits for the smaller copies: the originals are never sent.
      var buttons = Array.prototype.slice.call(form.querySelectorAll("[type=submit]"));
      buttons.forEach(function (b) { b.disabled = true; });
      var done = function () { buttons.forEach(function (b) { b.disabled = false; }); };
      Promise.all(files.map(resize)).then(function (resized) {
        var transfer = new DataTransfer();
        resized.forEach(function (f) { transfer.items.add(f); });
        input.dataset.resized = "1";
        input.files = transfer.files;
        if (status) { status.textContent = t("%n ảnh, đã thu nhỏ.", resized.length); }
        done();
      }).catch(function () {
        // Never send the original: it is large and may carry the place it was taken.
        input.value = "";
        if (status) { status.textContent = t("Không thu nhỏ được ảnh này: hãy chọn ảnh khác (JPEG hoặc PNG)."); }
        done();
      });
    });
  }

  // ------------------------------------------------------------------ the record form

  function ensureClientId(form) {
    var input = form.querySelector("input[name=client_id]");
    if (input && !input.value) { input.value = O.uuid(); }
    return input;
  }

  function showErrors(form, errors) {
    form.querySelectorAll("[data-offline-error]").forEach(function (n) { n.remove(); });
    var top = form.querySelector("[data-form-messages]");
    errors.forEach(function (error) {
      var name = error.field === "unit_id" ? "unit" : error.field;
      var input = name ? form.querySelector("[name='" + name + "']") : null;
      var note = el("div", { "class": "invalid-feedback d-block", "data-offline-error": "1", text: error.message });
      if (input && input.type !== "hidden") {
        (input.closest(".date-field") || input).insertAdjacentElement("afterend", note);
      } else if (top) {
        top.appendChild(note);
      } else {
        form.insertBefore(note, form.firstChild);
      }
    });
  }

  function localChecks(data, ctx) {
    var errors = [];
    if (!data.get("unit")) { errors.push({ field: "unit", message: t("Hãy chọn đơn vị đến.") }); }
    var start = O.isoDate(data.get("start_date"));
    var endText = data.get("end_date");
    var end = endText ? O.isoDate(endText) : start;
    if (!start) { errors.push({ field: "start_date", message: t("Ngày không hợp lệ: hãy ghi dd/mm/yyyy.") }); }
    if (endText && !end) { errors.push({ field: "end_date", message: t("Ngày không hợp lệ: hãy ghi dd/mm/yyyy.") }); }
    if (start && end && end < start) { errors.push({ field: "end_date", message: t("Ngày kết thúc phải từ ngày bắt đầu trở đi.") }); }
    if (start && end && ctx && ctx.cadre) {
      (ctx.cadre.blackout || []).forEach(function (day) {
        if (day.date >= start && day.date <= end) {
          errors.push({ field: "start_date", message: O.showDate(day.date) + " " + t("là ngày không đi cơ sở") + ": " + day.label + "." });
        }
      });
    }
    return errors;
  }

  function saveOffline(form, ctx) {
    var data = new FormData(form);
    var errors = localChecks(data, ctx);
    showErrors(form, errors);
    if (errors.length) { return Promise.resolve(false); }
    return O.entryFromFormData(data, ctx).then(function (entry) {
      if (!entry) { return false; }
      var select = form.querySelector("select[name=unit]");
      var typed = form.querySelector("input[name=unit_text]");
      if (!entry.fields.unit_name && select && select.selectedIndex > 0) {
        entry.fields.unit_name = select.options[select.selectedIndex].text;
      } else if (!entry.fields.unit_name && typed) {
        entry.fields.unit_name = typed.value;
      }
      return O.put(entry).then(function () {
        askBackgroundSync();
        lastMessage = [{ kind: "success", text: t("Đã lưu chuyến đi vào máy (chưa gửi). Khi có mạng, chuyến đi sẽ được gửi.") }];
        resetForm(form);
        return refresh().then(function () { return true; });
      });
    });
  }

  function resetForm(form) {
    ["content", "findings", "problems", "proposals", "client_id"].forEach(function (name) {
      var input = form.querySelector("[name='" + name + "']");
      if (input) { input.value = ""; }
    });
    var photos = form.querySelector("input[type=file][name=photos]");
    if (photos) { photos.value = ""; }
    var status = form.querySelector("[data-photo-status]");
    if (status) { status.textContent = ""; }
    ensureClientId(form);
    var feedback = form.closest("main") && form.closest("main").querySelector("[data-saved-message]");
    if (feedback) { feedback.hidden = false; }
  }

  function loadIntoForm(form, entry) {
    var f = entry.fields;
    var set = function (name, value) {
      var input = form.querySelector("[name='" + name + "']");
      if (!input) { return; }
      if (input.type === "checkbox") { input.checked = !!value; } else { input.value = value === null || value === undefined ? "" : value; }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };
    set("is_ad_hoc", f.is_ad_hoc);
    set("unit", f.unit_id);
    set("unit_text", f.unit_name);
    set("start_date", O.showDate(f.start_date));
    set("end_date", O.showDate(f.end_date));
    set("form", f.form);
    ["content", "findings", "problems", "proposals"].forEach(function (name) { set(name, f[name]); });
    set("client_id", entry.client_id);
    if (entry.position) {
      set("latitude", entry.position.latitude);
      set("longitude", entry.position.longitude);
      set("accuracy", entry.position.accuracy_m);
    }
    showErrors(form, entry.errors || []);
    form.scrollIntoView({ block: "start" });
  }

  function wireForm(form) {
    ensureClientId(form);
    takePosition(form);
    watchPhotos(form);
    var again = form.querySelector("[data-location-retry]");
    if (again) { again.addEventListener("click", function () { takePosition(form); }); }
    form.addEventListener("submit", function (event) {
      var offlinePage = form.hasAttribute("data-offline-form");
      if (!offlinePage && navigator.onLine) { ensureClientId(form); return; }  // the server answers
      event.preventDefault();
      O.getContext().then(function (ctx) { return saveOffline(form, ctx); });
    });
  }

  function editEntry(id) {
    var form = document.querySelector("form[data-record-form]");
    O.get(id).then(function (entry) {
      if (!entry) { return; }
      if (!form) { window.location.href = "/visits/trips/add/#outbox"; return; }
      // An edited entry is sent again like a new one (its id is kept: never twice).
      entry.status = "pending";
      // Saving the form again replaces this entry (same id); until then it stays as it was.
      return O.put(entry).then(function () {
        loadIntoForm(form, entry);
      }).then(function () { return refresh(); });
    });
  }

  function exportFile() {
    O.all().then(function (entries) {
      var blob = new Blob([O.exportJson(entries)], { type: "application/json" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "chuyen-di-chua-gui.json" });
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-outbox-send], [data-outbox-edit], [data-outbox-discard], [data-outbox-export]");
    if (!target || !O) { return; }
    if (target.hasAttribute("data-outbox-send")) { sendNow(); }
    if (target.hasAttribute("data-outbox-export")) { exportFile(); }
    if (target.dataset.outboxEdit) { editEntry(target.dataset.outboxEdit); }
    if (target.dataset.outboxDiscard && window.confirm(t("Bỏ chuyến đi này khỏi máy? Không lấy lại được."))) {
      O.remove(target.dataset.outboxDiscard).then(function () { refresh(); });
    }
  });

  // ------------------------------------------------------------------ start

  function storeContext() {
    // The record page keeps the cadre's own units, forms and blackout days on the phone.
    return fetch(O.CONTEXT_URL, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok && !r.redirected ? r.json() : null; })
      .then(function (ctx) {
        if (ctx) {
          document.documentElement.dataset.offlineReady = "1";
          return O.saveContext(ctx);
        }
      }).catch(function () {});
  }

  function todayText() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  /* The offline page: its form is filled from the cadre's context kept on the phone. */
  function buildShell() {
    var form = document.querySelector("form[data-offline-form]");
    var params = new URLSearchParams(window.location.search);
    if (params.get("saved")) {
      lastMessage = [{ kind: "success", text: t("Đã lưu chuyến đi vào máy (chưa gửi). Khi có mạng, chuyến đi sẽ được gửi.") }];
    }
    var note = document.querySelector("[data-network-note]");
    var showNetwork = function () { if (note) { note.hidden = navigator.onLine; } };
    showNetwork();
    window.addEventListener("online", showNetwork);
    window.addEventListener("offline", showNetwork);
    return O.getContext().then(function (ctx) {
      if (!ctx || !ctx.cadre) {
        document.querySelector("[data-no-context]").hidden = false;
        return;
      }
      document.body.dataset.userId = ctx.user_id;
      var who = document.querySelector("[data-shell-who]");
      if (who) { who.textContent = ctx.cadre.name; }
      var units = form.querySelector("[data-shell-units]");
      ctx.cadre.units.forEach(function (u) { units.appendChild(el("option", { value: u.id, text: u.name })); });
      var kinds = form.querySelector("[data-shell-forms]");
      ctx.cadre.forms.forEach(function (f) {
        var option = el("option", { value: f.value, text: f.label });
        if (f.value === ctx.cadre.default_form) { option.selected = true; }
        kinds.appendChild(option);
      });
      form.querySelector("[name=start_date]").value = todayText();
      form.querySelector("[name=end_date]").value = todayText();
      var blackout = form.querySelector("[data-shell-blackout]");
      if (blackout && ctx.cadre.blackout.length) {
        blackout.textContent = (EN ? "Days without visits: " : "Ngày không đi cơ sở: ") + ctx.cadre.blackout.map(function (d) {
          return O.showDate(d.date) + " (" + d.label + ")";
        }).join("; ");
      }
      form.hidden = false;
      wireForm(form);
    });
  }

  function start() {
    if (!O || !window.indexedDB) { return; }
    registerWorker();
    if (document.body.hasAttribute("data-offline-shell")) {
      buildShell().then(function () {
        return refresh();
      }).then(function (entries) {
        if (entries && entries.length && navigator.onLine) { sendNow(); }
      });
      window.addEventListener("online", sendNow);
      return;
    }
    document.querySelectorAll("form[data-logout]").forEach(function (form) {
      form.addEventListener("submit", function () { O.clearContext(); });
    });
    var form = document.querySelector("form[data-record-form]");
    if (form && !form.hasAttribute("data-offline-form")) {
      wireForm(form);
      if (navigator.onLine) { storeContext(); }
    }
    window.addEventListener("online", sendNow);
    window.addEventListener("offline", function () { refresh(); });
    refresh().then(function (entries) {
      if (entries && entries.length && navigator.onLine && userId() !== null) { sendNow(); }
    });
  }

  window.CosoOffline = { wireForm: wireForm, refresh: refresh, sendNow: sendNow, t: t, el: el };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
