// grid.js — the scoring grid (/units/{id}/scoring): Enter moves to the
// cell below in the same column, as in a spreadsheet; on the last row it
// goes to 保存. Without it the form still works: Tab moves, Enter saves.
document.addEventListener('keydown', function (ev) {
	var t = ev.target;
	if (ev.key !== 'Enter' || ev.isComposing || !t.form || t.form.id !== 'grid' || !t.dataset.row)
		return;
	ev.preventDefault();
	var next = t.form.querySelector('input[data-row="' + (Number(t.dataset.row) + 1) + '"][data-col="' + t.dataset.col + '"]');
	(next || document.getElementById('save')).focus();
	if (next && next.select)
		next.select();
});
