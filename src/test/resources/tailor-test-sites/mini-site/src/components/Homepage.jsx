export default function Homepage() {
  return (
    <main>
      <h1>Mini Site</h1>
    </main>
  );
}
