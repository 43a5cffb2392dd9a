import "./shop.css";
import Masthead from "./sections/Masthead.jsx";
import NewReleases from "./sections/NewReleases.jsx";
import StaffPicks from "./sections/StaffPicks.jsx";
import BookClub from "./sections/BookClub.jsx";
import OrderNow from "./sections/OrderNow.jsx";
import Footer from "./sections/Footer.jsx";

export default function BookshopPage() {
  return (
    <div className="shop">
      <Masthead />
      <NewReleases />
      <StaffPicks count={2} />
      <BookClub />
      <OrderNow urgent={false} />
      <Footer />
    </div>
  );
}
