// A script of the shop's own, served from public/: the page's head loads it as it always did.
window.lanternOpeningHours = "Mon–Sat 9:00–18:00";
