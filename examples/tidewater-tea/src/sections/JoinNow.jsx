const JoinNow = ({ urgent = false }) => (
  <section className={urgent ? "join join--urgent" : "join"} data-section="join_now">
    <h2>{urgent ? "This season's teas ship Friday" : "Start with one tin"}</h2>
    <a className="button" href="#join" data-goal="subscribe">Subscribe</a>
  </section>
);

export default JoinNow;
