import { useRef } from "react";

const COFFEES = [
  { id: "yirgacheffe", name: "Ethiopia Yirgacheffe", notes: "Jasmine · bergamot · peach", roast: 1, price: 19, tone: "sky", tag: "Staff pick" },
  { id: "huila", name: "Colombia Huila", notes: "Caramel · red apple · cocoa", roast: 2, price: 17, tone: "caramel", tag: "Bestseller" },
  { id: "nyeri", name: "Kenya Nyeri AA", notes: "Blackcurrant · grapefruit · cane sugar", roast: 1, price: 22, tone: "berry" },
  { id: "antigua", name: "Guatemala Antigua", notes: "Milk chocolate · almond · orange", roast: 2, price: 18, tone: "sage" },
  { id: "sumatra", name: "Sumatra Mandheling", notes: "Cedar · dark chocolate · spice", roast: 3, price: 18, tone: "espresso" },
  { id: "house", name: "Sunrise House Espresso", notes: "Toffee · hazelnut · cherry", roast: 3, price: 16, tone: "gold", tag: "New blend" },
];

const ROAST_NAMES = ["", "Light", "Medium", "Dark"];

const Bag = ({ tone, name }) => (
  <div className={`bag bag--${tone}`} aria-hidden="true">
    <span className="bag__fold" />
    <span className="bag__label">
      <span className="bag__sun" />
      <span className="bag__origin">{name.split(" ")[0]}</span>
      <span className="bag__weight">12 oz · whole bean</span>
    </span>
  </div>
);

const ProductCard = ({ coffee }) => (
  <article className="product">
    <div className="product__media">
      {coffee.tag && <span className="product__tag">{coffee.tag}</span>}
      <Bag tone={coffee.tone} name={coffee.name} />
    </div>
    <div className="product__body">
      <h3 className="product__name">{coffee.name}</h3>
      <p className="product__notes">{coffee.notes}</p>
      <div className="product__meta">
        <span className="roast" title={`${ROAST_NAMES[coffee.roast]} roast`}>
          {[1, 2, 3].map((n) => (
            <span key={n} className={n <= coffee.roast ? "roast__bean is-on" : "roast__bean"} />
          ))}
          <span className="roast__label">{ROAST_NAMES[coffee.roast]}</span>
        </span>
        <span className="product__price">${coffee.price}</span>
      </div>
      <a className="button button--small button--block" href={`#cart-${coffee.id}`} data-goal="add_to_cart">
        Add to cart
      </a>
    </div>
  </article>
);

const ProductGrid = ({ layout = "grid", limit = 6 }) => {
  const track = useRef(null);
  const shown = COFFEES.slice(0, Math.max(1, Number(limit) || COFFEES.length));
  const isCarousel = layout === "carousel";
  const scroll = (direction) => {
    const el = track.current;
    if (el) el.scrollBy({ left: direction * el.clientWidth * 0.8, behavior: "smooth" });
  };
  return (
    <section className={`shop shop--${isCarousel ? "carousel" : "grid"}`} data-section="product_grid" id="shop">
      <div className="shell">
        <div className="shop__head">
          <div>
            <p className="kicker">This week's roasts</p>
            <h2 className="heading">Fresh from the drum</h2>
          </div>
          {isCarousel ? (
            <div className="shop__arrows">
              <button type="button" className="arrow" onClick={() => scroll(-1)} aria-label="Previous coffees">
                ←
              </button>
              <button type="button" className="arrow" onClick={() => scroll(1)} aria-label="Next coffees">
                →
              </button>
            </div>
          ) : (
            <a className="text-link" href="#shop-all" data-goal="shop_now">
              Shop all 14 coffees →
            </a>
          )}
        </div>
        <div className={isCarousel ? "shop__track" : "shop__grid"} ref={track}>
          {shown.map((c) => (
            <ProductCard key={c.id} coffee={c} />
          ))}
        </div>
      </div>
    </section>
  );
};

export default ProductGrid;
