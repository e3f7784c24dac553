// yusuan web UI: drag-and-drop upload and the ECharts charts. No inline scripts (CSP: script-src 'self').
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;  // text, never HTML: file names are untrusted
    return e;
  }

  // -- upload
  var form = document.getElementById("upload-form");
  if (form) {
    var drop = document.getElementById("drop");
    var input = document.getElementById("files");
    var status = document.getElementById("upload-status");
    var labels = {added: "已入库", duplicate: "库中已有", failed: "无法读取（已记录）",
                  duplicate_failure: "无法读取（此前已记录）", rejected: "未接收"};

    function send(files) {
      if (!files || !files.length) return;
      var data = new FormData();
      for (var i = 0; i < files.length; i++) data.append("files", files[i]);
      status.textContent = "正在上传并核对 " + files.length + " 个文件…";
      fetch("/api/documents", {method: "POST", body: data}).then(function (r) {
        return r.json().then(function (body) { return {ok: r.ok, body: body}; });
      }).then(function (res) {
        status.textContent = "";
        if (res.body.error) { status.appendChild(el("p", "fail", res.body.error)); return; }
        var list = el("ul");
        res.body.results.forEach(function (r) {
          var ok = r.status === "added" || r.status === "duplicate";
          var li = el("li", ok ? "ok" : "fail", r.file + "：" + (labels[r.status] || r.status));
          if (r.document_id) {
            var a = el("a", "", " 查看文件 " + r.document_id);
            a.href = "/documents/" + r.document_id;
            li.appendChild(a);
          }
          if (r.error) li.appendChild(el("span", "", "（" + r.error + "）"));
          list.appendChild(li);
        });
        status.appendChild(list);
        var reload = el("a", "", "刷新列表");
        reload.href = "/";
        status.appendChild(reload);
      }).catch(function (e) { status.textContent = "上传失败：" + e; });
    }

    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
    form.addEventListener("submit", function (e) { e.preventDefault(); send(input.files); });
    input.addEventListener("change", function () { send(input.files); });
  }

  // -- charts
  var dataNode = document.getElementById("chart-data");
  if (!dataNode || typeof echarts === "undefined") return;
  var data = JSON.parse(dataNode.textContent);
  var palette = ["#8b1a1a", "#d97706", "#2563eb", "#15803d", "#7c3aed", "#0891b2", "#be185d", "#4d7c0f"];
  document.querySelectorAll(".chart").forEach(function (node) {
    var d = data[node.getAttribute("data-key")];
    var kind = node.getAttribute("data-kind");
    var chart = echarts.init(node, null, {renderer: "svg"});
    var option;
    if (kind === "pie") {
      if (!d || !d.length) { node.textContent = "文件中没有这项数据"; return; }
      option = {color: palette, tooltip: {trigger: "item", formatter: "{b}：{c} 万元（{d}%）"},
                legend: {type: "scroll", bottom: 0},
                series: [{type: "pie", radius: ["35%", "65%"], data: d, label: {formatter: "{b}\n{d}%"}}]};
    } else if (kind === "years") {
      if (!d || !d.years.length) { node.textContent = "没有本部门其他年度的文件"; return; }
      option = {color: palette, tooltip: {trigger: "axis"}, legend: {bottom: 0},
                xAxis: {type: "category", data: d.years.map(String)}, yAxis: {type: "value", name: "万元"},
                series: d.lines.map(function (l) { return {type: "line", name: l.name, data: l.data, connectNulls: true}; })};
    } else {
      option = {color: palette, tooltip: {trigger: "axis"}, legend: {bottom: 0},
                xAxis: {type: "category", data: d.labels}, yAxis: {type: "value", name: "万元"},
                series: d.series.map(function (s) { return {type: "bar", name: s.name, data: s.data}; })};
    }
    option.animation = false;
    chart.setOption(option);
    node.setAttribute("data-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
