import { useState } from 'react';
import './Homepage.css';

export default function Homepage() {
  const [count, setCount] = useState(0);
  return (
    <main className="homepage">
      <h1>Fixture homepage for Tailor</h1>
      <button onClick={() => setCount(count + 1)}>Clicked {count} times</button>
    </main>
  );
}
