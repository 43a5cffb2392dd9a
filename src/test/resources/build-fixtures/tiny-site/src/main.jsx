import { createRoot } from 'react-dom/client';
import Homepage from './components/Homepage.jsx';

createRoot(document.getElementById('root')).render(<Homepage />);
