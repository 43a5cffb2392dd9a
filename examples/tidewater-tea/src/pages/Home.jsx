import Header from "../sections/Header.jsx";
import Hero from "../sections/Hero.jsx";
import TeaShelf from "../sections/TeaShelf.jsx";
import BrewingNotes from "../sections/BrewingNotes.jsx";
import Reviews from "../sections/Reviews.jsx";
import Newsletter from "../sections/Newsletter.jsx";
import Footer from "../sections/Footer.jsx";

export default function Home() {
  return (
    <main className="page home">
      <Header />
      <Hero />
      <TeaShelf layout="grid" />
      <BrewingNotes />
      <Reviews compact={false} />
      <Newsletter />
      <Footer />
    </main>
  );
}
