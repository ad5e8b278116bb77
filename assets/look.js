// look.js — every page: on a phone (under 600 px, see style.css) each data
// table shows as cards, one card a row, each cell with its column's name
// before it. This gives every data cell its column's header text
// (data-label) and marks the table "cards" and its header rows "head".
// A table is a data table when its first row holds header cells only; a
// two-row header (cells of the first spanning both rows, the second row
// naming the first row's groups) gives "任务 逾期". Tables with class
// nocards (the scoring grid, key/value tables) keep their own layout.
// Without the script a table scrolls sideways on a phone instead.
(function () {
	'use strict';
	var MAX = 40;

	function text(cell) {
		return cell.textContent.replace(/\s+/g, ' ').trim();
	}

	// The column labels of TABLE's header, or null when it has none.
	function header(rows) {
		var first = rows[0], labels = [], pending = [], two = false, i, k;
		for (i = 0; i < first.cells.length; i++) {
			var c = first.cells[i];
			if (c.tagName !== 'TH' || c.rowSpan > 2)
				return null;
			if (c.rowSpan === 2)
				two = true;
		}
		if (two && rows.length < 2)
			return null;
		for (i = 0; i < first.cells.length; i++) {
			var cell = first.cells[i], t = text(cell);
			for (k = 0; k < cell.colSpan; k++) {
				if (labels.length === MAX)
					return null;
				if (two && cell.rowSpan < 2)
					pending.push(labels.length);
				labels.push(t);
			}
		}
		if (two) { // the second row names the groups' columns, in order
			var n = 0, second = rows[1];
			for (i = 0; i < second.cells.length; i++) {
				var sub = second.cells[i];
				if (sub.tagName !== 'TH')
					return null;
				for (k = 0; k < sub.colSpan; k++) {
					if (n === pending.length)
						return null;
					labels[pending[n]] += ' ' + text(sub);
					n++;
				}
			}
			if (n !== pending.length)
				return null;
		}
		return labels.length ? {labels: labels, rows: two ? 2 : 1} : null;
	}

	function label(table) {
		if (table.classList.contains('nocards') || !table.rows.length)
			return;
		var h = header(table.rows);
		if (!h)
			return;
		table.classList.add('cards');
		for (var r = 0; r < table.rows.length; r++) {
			var row = table.rows[r];
			if (r < h.rows) {
				row.classList.add('head');
				continue;
			}
			for (var i = 0, col = 0; i < row.cells.length; i++) {
				var c = row.cells[i];
				if (c.tagName === 'TD' && col < h.labels.length && !c.hasAttribute('data-label'))
					c.setAttribute('data-label', h.labels[col]);
				col += c.colSpan;
			}
		}
	}

	function all() {
		var tables = document.querySelectorAll('main table');
		for (var i = 0; i < tables.length; i++)
			label(tables[i]);
	}
	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', all);
	else
		all();
})();
