import cytoscape from "cytoscape";
const N=300,E=1500; let s=1; const r=()=>{s=(s*16807)%2147483647;return s/2147483647};
const els=[]; for(let i=0;i<N;i++) els.push({group:"nodes",data:{id:"n"+i}});
for(let i=0;i<E;i++){const a=Math.floor(r()*N);let b=Math.floor(r()*N);if(b===a)b=(a+1)%N; els.push({group:"edges",data:{id:"e"+i,source:"n"+a,target:"n"+b}});}
for (const opts of [{}, {numIter:200}, {numIter:100}]) {
const cy=cytoscape({headless:true,styleEnabled:true,elements:els,style:[{selector:"node",style:{width:60,height:40}}]});
cy.layout({name:"circle",animate:false,fit:false,radius:60*Math.sqrt(N+1)}).run();
const t=performance.now();
cy.layout({name:"cose",animate:false,fit:false,randomize:false,idealEdgeLength:()=>90,nodeRepulsion:()=>200000,nodeOverlap:40,padding:40,...opts}).run();
console.log(JSON.stringify(opts), (performance.now()-t).toFixed(0),"ms");
}
