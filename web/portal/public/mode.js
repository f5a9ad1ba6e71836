// 适老化 mode survives a reload: set before the first paint from what the page stored.
try {
  if (localStorage.getItem('portal.elderly') === '1') document.documentElement.classList.add('elderly');
} catch {}
