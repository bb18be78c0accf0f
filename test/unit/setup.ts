// Node tests run the renderer's Dexie code unchanged against an in-memory IndexedDB.
import 'fake-indexeddb/auto';
